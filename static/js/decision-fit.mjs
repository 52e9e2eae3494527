// Warns as the officer chooses when the screening decision does not fit the level of need
// (the computed level, or the one they change it to). The words come from the page, which
// the server writes from the same rule (screening.scoring.decision_fit_warning). Once the
// officer has seen the warning, "Record the decision anyway" records it in one step.
// Without JavaScript the server shows the same warning when the decision is submitted.

function fitWarningMarkup (text) {
  const warning = document.createElement('div')
  warning.className = 'govuk-warning-text'
  warning.id = 'fit-warning'
  warning.dataset.text = text
  const icon = document.createElement('span')
  icon.className = 'govuk-warning-text__icon'
  icon.setAttribute('aria-hidden', 'true')
  icon.textContent = '!'
  const strong = document.createElement('strong')
  strong.className = 'govuk-warning-text__text'
  const hidden = document.createElement('span')
  hidden.className = 'govuk-visually-hidden'
  hidden.textContent = 'Warning'
  strong.append(hidden, text)
  warning.append(icon, strong)
  return warning
}

export function initDecisionFit (root = document) {
  const form = root.querySelector('form[data-decision-fit]')
  const table = document.getElementById('decision-fit-warnings')
  const region = document.getElementById('fit-warning-region')
  if (!form || !table || !region) return
  const warnings = JSON.parse(table.textContent)
  const button = form.querySelector('button[name="action"][value="decide"]')
  const override = form.querySelector('select[name="level_override"]')

  const chosen = () => {
    const decision = form.querySelector('input[name="decision"]:checked')
    const level = (override && override.value) || form.dataset.computedLevel
    const value = decision ? decision.value : ''
    return { key: `${value}:${level}`, text: (warnings[value] || {})[level] || '' }
  }

  const update = () => {
    const { text } = chosen()
    const shown = region.querySelector('#fit-warning')
    if (text !== (shown ? shown.dataset.text : '')) {
      region.replaceChildren(...(text ? [fitWarningMarkup(text)] : []))
    }
    const label = text ? 'Record the decision anyway' : 'Record the decision'
    if (button && button.textContent !== label) button.textContent = label
  }

  // Only the decision and the level: a rationale's change event fires as the officer
  // presses the button, and changing the page under that press would lose the click.
  form.addEventListener('change', (event) => {
    if (['decision', 'level_override'].includes(event.target.name)) update()
  })
  form.addEventListener('submit', () => {
    const { key, text } = chosen()
    let confirmed = form.querySelector('input[name="fit_confirmed"]')
    if (!confirmed) {
      confirmed = document.createElement('input')
      confirmed.type = 'hidden'
      confirmed.name = 'fit_confirmed'
      form.append(confirmed)
    }
    // The officer saw this warning before pressing the button: that is the confirmation.
    confirmed.value = text ? key : ''
  })
  update()
}
