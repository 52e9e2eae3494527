// Saves what the officer has typed on a "record a contact" page a moment after they stop
// typing, so a dropped call or a closed tab loses nothing. Without JavaScript, each
// page is still saved when it is submitted.

const DELAY_MS = 800

function csrfToken (form) {
  const input = form.querySelector('input[name="csrfmiddlewaretoken"]')
  return input ? input.value : ''
}

export function initAutosave (root = document) {
  root.querySelectorAll('form[data-autosave-url]').forEach((form) => {
    const url = form.dataset.autosaveUrl
    const status = document.getElementById('autosave-status')
    let timer = null

    const save = () => {
      const body = new FormData(form)
      body.delete('action')
      fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': csrfToken(form) }
      }).then((response) => {
        if (response.ok && status) {
          status.textContent = 'Your answers on this page have been saved.'
        }
      }).catch(() => {
        if (status) status.textContent = 'Could not save just now: your answers are saved when you continue.'
      })
    }

    const schedule = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(save, DELAY_MS)
    }
    form.addEventListener('input', schedule)
    form.addEventListener('change', schedule)
  })
}
