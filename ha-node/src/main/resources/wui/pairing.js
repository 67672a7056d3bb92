// Trusted pairing on the HA page: this node's fingerprint, the partner certificate it trusts, and the
// operator's acceptance of a changed one. Drawn from the status the page polls anyway.
'use strict';

const pairingPanel = (() => {
  const { el } = hapair;
  let drawn = null;

  const sourceText = p => p.trust === 'configured' ? 'partner-fingerprint'
    : p.source === 'operator' ? 'accepted by an operator' : 'pinned on first contact';

  function row(label, value, name) {
    return el('tr', {}, el('th', { scope: 'row' }, label), el('td', { 'data-pairing': name }, el('code', {}, value || '—')));
  }

  async function accept(fingerprint) {
    if (!window.confirm('Trust the partner certificate ' + fingerprint + '? Accept it only if the partner shows this'
      + ' fingerprint as its own (its HA page, or GET /api/v1/pairing there).')) return;
    try {
      await hapair.call('POST', '/api/v1/pairing/accept', { fingerprint });
      hapair.flash('Accepted ' + fingerprint + ': the link comes up at the partner\'s next reconnect.');
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  }

  function show(pairing) {
    const box = document.getElementById('pairing');
    // Only what is drawn: the refusal count grows each second while a certificate is refused, and redrawing
    // for it would replace the Accept button under the operator's pointer.
    const key = JSON.stringify(pairing && { ...pairing, refusals: undefined, presented: undefined });
    if (!box || key === drawn) return;
    drawn = key;
    if (!pairing) {
      box.replaceChildren(el('p', { class: 'muted' }, 'HA is off: there is no partner to pair with.'));
      return;
    }
    const partner = pairing.trust === 'configured' ? pairing.configured.join(', ') : pairing.pinned;
    const parts = [el('table', { class: 'list', 'aria-label': 'Peer-link certificates' }, el('tbody', {},
      row('This node\'s certificate', pairing.ownFingerprint, 'own'),
      row('Partner\'s certificate (' + (pairing.trust === 'unpinned' ? 'not seen yet' : sourceText(pairing)) + ')',
        partner, 'partner'),
      ...(pairing.next ? [row('Also accepted (next)', pairing.next, 'next')] : [])))];
    if (pairing.warning) parts.push(el('p', { class: 'flash warning', role: 'alert', 'data-pairing': 'warning' },
      'Verify: ' + pairing.warning + '.'));
    if (pairing.incomingWithoutCertificate) parts.push(el('p', { class: 'flash warning', role: 'alert' },
      pairing.incomingWithoutCertificate + '.'));
    if (pairing.refusedFingerprint) {
      const refused = pairing.refusedFingerprint;
      parts.push(el('div', { class: 'flash error', role: 'alert', 'data-pairing': 'refused' },
        el('p', {}, 'Refused: ' + pairing.refusal + '.'),
        pairing.trust === 'configured' ? ''
          : el('button', { type: 'button', id: 'pairing-accept', onclick: () => accept(refused) },
            'Accept certificate ' + refused)));
    }
    box.replaceChildren(...parts);
  }

  return { show };
})();
