// Console de revue AMO: a small page over the review API (/api/v1/review). Every value from the server is written
// with textContent, never as HTML. The session token lives in sessionStorage and ends with the tab.
'use strict';

const $ = (id) => document.getElementById(id);
const STATES = {
  PENDING: 'À examiner', INCOMPLETE: 'En attente de pièce', AWAITING_CONFIRMATION: 'À confirmer',
  DECIDED: 'Décidé', NOT_REQUIRED: 'Sans revue'
};
const REASONS = {
  NOT_MEDICALLY_JUSTIFIED: 'Non justifié médicalement', MISSING_DOCUMENT: 'Pièce manquante',
  AMOUNT_ABOVE_USUAL: 'Montant au-delà de l’usage', NOT_REIMBURSABLE: 'Non remboursable',
  NO_PRIOR_APPROVAL: 'Sans accord préalable', CEILING_REACHED: 'Plafond atteint', DUPLICATE: 'Déjà facturé',
  WORK_ACCIDENT: 'Accident du travail', OTHER: 'Autre'
};
let session = JSON.parse(sessionStorage.getItem('amo-session') || 'null');
let openClaimId = null;

function show(id, visible) { $(id).hidden = !visible; }
function text(id, value) { $(id).textContent = value == null ? '' : String(value); }
function cell(row, value, dir) {
  const td = row.insertCell();
  td.textContent = value == null ? '' : String(value);
  if (dir) td.dir = dir;
  return td;
}
function item(list, value, className) {
  const li = document.createElement('li');
  li.textContent = value;
  if (className) li.className = className;
  list.appendChild(li);
  return li;
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (session) headers['Authorization'] = 'Bearer ' + session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const payload = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && path !== '/api/v1/auth/sessions') {
    signedOut('Session expirée : reconnectez-vous.');
    throw new Error('401');
  }
  if (!response.ok) {
    const detail = payload && (payload.detail || payload.title) || ('Erreur ' + response.status);
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return payload;
}

function signedOut(message) {
  session = null;
  sessionStorage.removeItem('amo-session');
  show('who', false); show('queue-view', false); show('claim-view', false); show('sign-in-view', true);
  if (message) { text('sign-in-error', message); show('sign-in-error', true); }
}

function signedIn() {
  text('who-name', session.username);
  text('who-roles', session.roles.join(', '));
  show('who', true); show('sign-in-view', false); show('sign-in-error', false);
  const supervisor = session.roles.includes('SUPERVISOR');
  $('confirm').hidden = !supervisor;
  $('return').hidden = !supervisor;
  loadQueue();
}

async function signIn(event) {
  event.preventDefault();
  show('sign-in-error', false);
  try {
    session = await api('POST', '/api/v1/auth/sessions', { username: $('username').value, password: $('password').value });
    sessionStorage.setItem('amo-session', JSON.stringify(session));
    $('password').value = '';
    signedIn();
  } catch (e) {
    session = null;
    text('sign-in-error', e.message); show('sign-in-error', true);
  }
}

async function signOut() {
  try { await api('DELETE', '/api/v1/auth/sessions/current'); } catch (e) { /* already ended */ }
  signedOut('Vous êtes déconnecté.');
}

async function loadQueue(event) {
  if (event) event.preventDefault();
  show('claim-view', false); show('queue-view', true); show('queue-error', false);
  const params = new URLSearchParams({ state: $('filter-state').value });
  for (const [id, name] of [['filter-regime', 'regime'], ['filter-flag', 'flag'], ['filter-submitter', 'submitter'],
                            ['filter-min', 'minAmount'], ['filter-max', 'maxAmount']]) {
    if ($(id).value.trim()) params.set(name, $(id).value.trim());
  }
  const body = $('queue').tBodies[0];
  delete $('queue').dataset.shown;
  try {
    const page = await api('GET', '/api/v1/review/queue?' + params);
    body.replaceChildren();
    for (const claim of page.items) {
      const row = body.insertRow();
      row.dataset.claimId = claim.claimId;
      cell(row, claim.claimId, 'ltr');
      cell(row, claim.claimRef, 'auto');
      cell(row, claim.submitterInpe, 'ltr');
      cell(row, claim.regime);
      cell(row, claim.flags.join(', '));
      cell(row, claim.amount, 'ltr');
      cell(row, new Date(claim.queuedAt).toLocaleString('fr-MA'));
      cell(row, STATES[claim.reviewState] || claim.reviewState);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'open-claim';
      button.textContent = 'Ouvrir';
      button.addEventListener('click', () => openClaim(claim.claimId));
      row.insertCell().appendChild(button);
    }
    show('queue-empty', page.items.length === 0);
    $('queue').dataset.shown = params.toString(); // which filters the rows answer (tests wait on it)
  } catch (e) {
    if (e.message !== '401') { text('queue-error', e.message); show('queue-error', true); }
  }
}

async function openClaim(claimId) {
  show('decision-result', false); show('decision-error', false);
  let claim;
  try {
    claim = await api('GET', '/api/v1/review/claims/' + claimId);
  } catch (e) {
    if (e.message !== '401') { text('queue-error', e.message); show('queue-error', true); }
    return;
  }
  openClaimId = claimId;
  show('queue-view', false); show('claim-view', true);
  text('claim-id', claim.claimId);
  text('claim-ref', claim.claimRef);
  text('claim-state', STATES[claim.reviewState] || claim.reviewState);
  $('claim-state').dataset.state = claim.reviewState;
  text('claim-regime', claim.regime);
  text('claim-submitter', claim.submitterInpe);
  text('claim-patient', claim.patient.id + ' (né(e) le ' + claim.patient.birthDate + ')');
  text('claim-diagnoses', claim.diagnoses.join(', '));
  text('claim-amount', claim.acceptedAmount + ' MAD');
  const clock = claim.filingClock;
  text('claim-deadline', clock.filingDeadline + (clock.pausedDays ? ' (suspendu ' + clock.pausedDays + ' j)' : '')
       + (clock.pausedSince ? ' — horloge arrêtée depuis ' + new Date(clock.pausedSince).toLocaleDateString('fr-MA') : ''));
  text('claim-rolling', claim.rolling12MonthAcceptedAmount + ' MAD');

  const flags = $('claim-flags'); flags.replaceChildren();
  claim.flags.forEach((f) => item(flags, f.flag + ' — ' + f.reason).dir = 'auto');
  const ald = $('claim-ald'); ald.replaceChildren();
  claim.aldRecognitions.forEach((r) => item(ald, 'Groupe ' + r.aldGroup + ' (' + r.icd10 + ') du ' + r.validFrom + ' au '
      + r.validTo + ' — coût ALD cette année : ' + r.aldCostThisYear + ' MAD'
      + (r.expiresSoon ? ' — expire dans ' + r.daysToExpiry + ' jours' : ''), r.expiresSoon ? 'warning' : ''));
  if (!claim.aldRecognitions.length) item(ald, 'Aucune');

  const lines = $('claim-lines').tBodies[0]; lines.replaceChildren();
  for (const line of claim.lines) {
    const row = lines.insertRow();
    row.dataset.lineNo = line.lineNo;
    [line.lineNo, line.lineType, line.code, line.quantity, line.serviceDate, line.billed, line.validationStatus]
      .forEach((v) => cell(row, v, 'ltr'));
    const accepted = line.validationStatus === 'ACCEPTED';
    const action = document.createElement('select');
    action.className = 'line-action';
    [['', line.adjustment ? line.adjustment.action : '—'], ['REJECT', 'Rejeter'], ['REDUCE', 'Réduire']]
      .forEach(([value, label]) => action.add(new Option(label, value)));
    action.disabled = !accepted;
    row.insertCell().appendChild(action);
    const reason = document.createElement('select');
    reason.className = 'line-reason';
    Object.entries(REASONS).forEach(([value, label]) => reason.add(new Option(label, value)));
    reason.disabled = !accepted;
    row.insertCell().appendChild(reason);
    const amount = document.createElement('input');
    amount.className = 'line-amount'; amount.size = 8; amount.inputMode = 'decimal'; amount.dir = 'ltr';
    amount.disabled = !accepted;
    if (line.adjustment && line.adjustment.allowedAmount != null) amount.placeholder = line.adjustment.allowedAmount;
    row.insertCell().appendChild(amount);
    const justification = document.createElement('input');
    justification.className = 'line-justification'; justification.dir = 'auto'; justification.maxLength = 2000;
    justification.disabled = !accepted;
    if (line.adjustment) justification.placeholder = line.adjustment.justification;
    row.insertCell().appendChild(justification);
  }

  const decisions = $('claim-decisions'); decisions.replaceChildren();
  claim.decisions.forEach((d) => item(decisions, new Date(d.at).toLocaleString('fr-MA') + ' — ' + d.kind + ' par '
      + d.by + (d.approvedAmount != null ? ' — ' + d.approvedAmount + ' MAD' : '')
      + (d.requiresConfirmation ? ' (double validation)' : '') + (d.comment ? ' — ' + d.comment : '')
      + (d.missingDocument ? ' — pièce : ' + d.missingDocument : '')).dir = 'auto');
  const recent = $('claim-recent'); recent.replaceChildren();
  claim.recentClaims.forEach((c) => item(recent, c.careDate + ' — dossier ' + c.claimId + ' — ' + c.acceptedAmount
      + ' MAD — ' + (STATES[c.reviewState] || c.validationStatus) + (c.flags.length ? ' — ' + c.flags.join(', ') : '')));
  if (!claim.recentClaims.length) item(recent, 'Aucun');
  text('claim-fhir', claim.fhirClaim ? JSON.stringify(claim.fhirClaim, null, 2) : 'Pas encore encodé.');
  $('comment').value = ''; $('missing-document').value = '';
}

function lineActions() {
  const actions = [];
  for (const row of $('claim-lines').tBodies[0].rows) {
    const action = row.querySelector('.line-action').value;
    if (!action) continue;
    const entry = { lineNo: Number(row.dataset.lineNo), action, reason: row.querySelector('.line-reason').value };
    const justification = row.querySelector('.line-justification').value.trim();
    if (justification) entry.justification = justification;
    if (action === 'REDUCE') entry.allowedAmount = row.querySelector('.line-amount').value.trim();
    actions.push(entry);
  }
  return actions;
}

async function decide(kind) {
  show('decision-result', false); show('decision-error', false);
  const body = { decision: kind };
  const comment = $('comment').value.trim();
  if (comment) body.comment = comment;
  if (kind === 'APPROVE') body.lines = lineActions();
  if (kind === 'REQUEST_DOCUMENT') body.missingDocument = $('missing-document').value.trim();
  try {
    const result = await api('POST', '/api/v1/review/claims/' + openClaimId + '/decision', body);
    await openClaim(openClaimId);
    text('decision-result', 'Décision enregistrée : ' + (STATES[result.reviewState] || result.reviewState)
         + (result.releasedToSettlement ? ' — transmis à la liquidation.' : '')
         + (result.requiresConfirmation ? ' — en attente de confirmation par un autre superviseur.' : ''));
    show('decision-result', true);
  } catch (e) {
    if (e.message !== '401') { text('decision-error', e.message); show('decision-error', true); }
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('filters').addEventListener('submit', loadQueue);
  $('back-to-queue').addEventListener('click', () => loadQueue());
  $('approve').addEventListener('click', () => decide('APPROVE'));
  $('request-document').addEventListener('click', () => decide('REQUEST_DOCUMENT'));
  $('document-received').addEventListener('click', () => decide('DOCUMENT_RECEIVED'));
  $('confirm').addEventListener('click', () => decide('CONFIRM'));
  $('return').addEventListener('click', () => decide('RETURN'));
  if (session) signedIn(); else signedOut();
});
