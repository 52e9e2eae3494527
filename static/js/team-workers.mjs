// The allocation page's lead-professional list follows the chosen team: only that team's
// workers are offered, with the partner agencies' practitioners (who may lead for any team).
// Without JavaScript every team's workers are offered, grouped by team, and the server
// refuses a worker outside the chosen team.

function follow (teamSelect, workerSelect) {
  const team = teamSelect.value
  for (const group of workerSelect.querySelectorAll('optgroup[data-team]')) {
    const offered = !team || group.dataset.team === team
    group.hidden = !offered
    group.disabled = !offered
  }
  const chosen = workerSelect.selectedOptions[0]
  if (chosen && chosen.parentElement.disabled) workerSelect.value = ''
}

export function initTeamWorkers (root = document) {
  for (const workerSelect of root.querySelectorAll('select[data-team-workers]')) {
    const teamSelect = document.getElementById(workerSelect.dataset.teamWorkers)
    if (!teamSelect) continue
    teamSelect.addEventListener('change', () => follow(teamSelect, workerSelect))
    follow(teamSelect, workerSelect)
  }
}
