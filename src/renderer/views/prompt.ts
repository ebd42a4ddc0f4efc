// Modal questions from main: an unknown or changed SSH host key, keyboard-interactive
// questions (OTP …), a key passphrase. Uses <dialog> (focus trap and Esc for free).
import type { Prompt, PromptResponse } from '../../shared/api';
import { append, h } from '../dom';
import { t } from '../i18n';
import { displayText } from '../text';

export function showPrompt(
  prompt: Prompt,
  respond: (r: PromptResponse) => void,
): HTMLDialogElement {
  const dialog = h('dialog', {
    class: `prompt prompt-${prompt.kind}`,
    attrs: { 'aria-labelledby': `prompt-${prompt.id}` },
  });
  let answered = false;
  const done = (r: PromptResponse) => {
    if (answered) return;
    answered = true;
    respond(r);
    dialog.close();
    dialog.remove();
  };
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    done({ kind: 'cancel' });
  });
  const button = (label: string, cls: string, r: PromptResponse) =>
    h('button', {
      class: cls,
      text: label,
      attrs: { type: 'button' },
      on: { click: () => done(r) },
    });

  if (prompt.kind === 'host-key') {
    const p = {
      host: displayText(prompt.host, 120),
      port: prompt.port,
      type: displayText(prompt.keyType, 40),
    };
    dialog.classList.toggle('danger', prompt.changed);
    append(
      dialog,
      h('h2', {
        attrs: { id: `prompt-${prompt.id}` },
        text: t(prompt.changed ? 'prompt.hostKey.changed.heading' : 'prompt.hostKey.heading'),
      }),
      h('p', {
        text: t(prompt.changed ? 'prompt.hostKey.changed.text' : 'prompt.hostKey.text', p),
      }),
      h(
        'dl',
        { class: 'error-facts' },
        h('dt', { text: t('prompt.hostKey.fingerprint') }),
        h('dd', { class: 'mono selectable', text: displayText(prompt.fingerprint, 200) }),
      ),
      h(
        'div',
        { class: 'actions' },
        button(t('prompt.hostKey.reject'), prompt.changed ? 'primary' : '', {
          kind: 'host-key',
          accept: false,
          remember: false,
        }),
        button(t('prompt.hostKey.acceptOnce'), '', {
          kind: 'host-key',
          accept: true,
          remember: false,
        }),
        prompt.changed
          ? null
          : button(t('prompt.hostKey.acceptRemember'), 'primary', {
              kind: 'host-key',
              accept: true,
              remember: true,
            }),
      ),
    );
  } else if (prompt.kind === 'local-resources') {
    const list = prompt.resources
      .map((r) =>
        t(`prompt.local.${r.name}`, {
          items: r.items.map((item) => displayText(item, 200)).join(', '),
        }),
      )
      .join(', ');
    append(
      dialog,
      h('h2', { attrs: { id: `prompt-${prompt.id}` }, text: t('prompt.local.heading') }),
      h('p', {
        text: t('prompt.local.text', {
          profile: displayText(prompt.profile, 120),
          broker: displayText(prompt.broker, 200),
          list,
        }),
      }),
      h(
        'div',
        { class: 'actions' },
        button(t('prompt.local.deny'), 'primary', { kind: 'local-resources', decision: 'deny' }),
        button(t('prompt.local.once'), '', { kind: 'local-resources', decision: 'once' }),
        button(t('prompt.local.always'), '', { kind: 'local-resources', decision: 'always' }),
      ),
    );
  } else {
    const questions =
      prompt.kind === 'passphrase'
        ? [{ text: t('prompt.passphrase.label'), echo: false }]
        : prompt.questions;
    const inputs = questions.map((q, i) => {
      const input = h('input', {
        attrs: {
          type: q.echo ? 'text' : 'password',
          id: `prompt-${prompt.id}-${i}`,
          autocomplete: 'off',
        },
      });
      return [
        h(
          'div',
          { class: 'field' },
          h('label', { text: displayText(q.text, 200), attrs: { for: input.id } }),
          input,
        ),
        input,
      ] as const;
    });
    const form = h('form', { attrs: { method: 'dialog' } });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      done({ kind: 'answers', answers: inputs.map(([, input]) => input.value) });
    });
    append(
      form,
      h('h2', {
        attrs: { id: `prompt-${prompt.id}` },
        text:
          prompt.kind === 'passphrase'
            ? t('prompt.passphrase.heading')
            : displayText(prompt.title, 120) || t('prompt.kbd.heading'),
      }),
      prompt.kind === 'passphrase'
        ? h('p', { text: t('prompt.passphrase.text', { file: displayText(prompt.keyFile, 200) }) })
        : prompt.instructions
          ? h('p', { text: displayText(prompt.instructions, 500) })
          : null,
      ...inputs.map(([row]) => row),
      h(
        'div',
        { class: 'actions' },
        button(t('common.cancel'), '', { kind: 'cancel' }),
        h('button', { class: 'primary', text: t('prompt.kbd.submit'), attrs: { type: 'submit' } }),
      ),
    );
    dialog.append(form);
  }
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
