// The pipeline page. Everything that comes from events or cards is set with textContent on elements made with
// createElement: a customer named <script> is shown as text, never parsed as HTML.

const POLL_MS = 1500;
const NEWEST = 25;

const CHART_SAMPLES = 200; // 200 x 1.5 s = the last 5 minutes

const state = {
    thankyouUrl: null,
    auditUrl: null,
    samples: [],        // {t, head, cards, publishingLag, consumerLag}, oldest first
    deadLetters: [],
    filter: '',
    selected: null,     // global index of the event shown in detail
    tracked: null,      // sale id sold from this page
    events: [],
};

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
}

function setText(id, value) {
    $(id).textContent = value === undefined || value === null ? '–' : String(value);
}

async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
        const error = new Error(`${response.status} ${response.statusText}`);
        error.status = response.status;
        throw error;
    }
    return response.json();
}

function shortType(type) {
    return type ? type.substring(type.lastIndexOf('.') + 1) : '';
}

function age(seconds) {
    if (!seconds) return '0 s';
    return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function time(iso) {
    if (!iso) return '';
    const when = new Date(iso);
    return Number.isNaN(when.getTime()) ? iso : when.toLocaleTimeString();
}

function badge(node, text, kind) {
    node.textContent = text;
    node.className = `badge ${kind}`;
}

function partitions(listId, entries) {
    const list = $(listId);
    list.replaceChildren(...entries.map(([label, value, warn]) => {
        const item = el('li', null, warn ? 'warn' : '');
        item.append(el('span', label, 'muted'), el('strong', value));
        return item;
    }));
}

// --- the pipeline ---------------------------------------------------------------------------------------------

async function refreshProducer() {
    const pipeline = await getJson('/api/pipeline');
    const store = pipeline.eventStore;
    const publisher = pipeline.publisher;
    const topic = pipeline.topic;
    setText('store-head', store.headIndex < 0 ? 'empty' : store.headIndex);
    setText('store-unpublished', store.unpublishedEvents);
    setText('store-oldest', age(store.oldestUnpublishedSeconds));
    $('stage-store').classList.toggle('lagging', store.unpublishedEvents > 0);

    setText('publisher-token', publisher.tokenIndex < 0 ? 'none yet' : publisher.tokenIndex);
    badge($('publisher-state'), publisher.state, publisher.state === 'running' ? 'ok' : 'bad');
    setText('publisher-gaps', publisher.gaps.length ? publisher.gaps.join(', ') : 'none');
    $('publisher-errors').textContent = publisher.errors.join('\n');
    $('stage-publisher').classList.toggle('failing', publisher.state !== 'running');

    setText('topic-name', topic.name);
    setText('topic-total', topic.error ? '?' : topic.endOffsetsTotal);
    partitions('topic-partitions', Object.entries(topic.endOffsets).map(([p, end]) => [`p${p}`, end, false]));
    $('topic-error').textContent = topic.error || '';
    $('stage-topic').classList.toggle('failing', Boolean(topic.error));
    return pipeline;
}

async function refreshConsumer() {
    try {
        const pipeline = await getJson(`${state.thankyouUrl}/api/pipeline`);
        const consumer = pipeline.consumer;
        setText('consumer-lag', consumer.error ? '?' : consumer.totalLag);
        partitions('consumer-partitions', consumer.partitions.map(
            (p) => [`p${p.partition}`, `${p.committedOffset}/${p.endOffset}`, p.lag > 0]));
        $('consumer-error').textContent = consumer.error || '';
        $('stage-consumer').classList.toggle('lagging', consumer.totalLag > 0);
        $('stage-consumer').classList.toggle('failing', Boolean(consumer.error));
        setText('cards-total', pipeline.cards);
        setText('cards-duplicates', pipeline.duplicatesSuppressed);
        setText('cards-dead-letters', pipeline.deadLetters);
        if (!operator) {
            badge($('dead-letters-count'), `${pipeline.deadLetters} ever parked`, pipeline.deadLetters ? 'bad' : 'ok');
        }
        $('stage-cards').classList.toggle('failing', pipeline.deadLetters > 0);
        return pipeline;
    } catch (e) {
        setText('consumer-lag', '?');
        $('consumer-error').textContent = `thankyou-service unreachable at ${state.thankyouUrl} (${e.message})`;
        $('stage-consumer').classList.add('failing');
    }
}

// --- the chart: sampled by this page, the last CHART_SAMPLES ticks ------------------------------------------------

function sample(producer, consumer) {
    state.samples.push({
        t: Date.now(),
        head: Math.max(0, producer.eventStore.headIndex + 1),
        cards: consumer ? consumer.cards : null,
        publishingLag: producer.eventStore.unpublishedEvents,
        consumerLag: consumer && !consumer.consumer.error ? consumer.consumer.totalLag : null,
    });
    if (state.samples.length > CHART_SAMPLES) state.samples.shift();
    drawCharts();
}

function rates(key) {
    const points = [];
    for (let i = 1; i < state.samples.length; i++) {
        const before = state.samples[i - 1];
        const now = state.samples[i];
        const seconds = (now.t - before.t) / 1000;
        const value = now[key] === null || before[key] === null || seconds <= 0
            ? null : Math.max(0, (now[key] - before[key]) / seconds);
        points.push({ t: now.t, value });
    }
    return points;
}

function levels(key) {
    return state.samples.map((s) => ({ t: s.t, value: s[key] }));
}

const SVG = 'http://www.w3.org/2000/svg';

function drawSeries(svg, series, top) {
    const now = Date.now();
    const span = CHART_SAMPLES * POLL_MS;
    const height = 64;
    const nodes = [];
    for (const line of [0.25, 0.5, 0.75]) {
        const grid = document.createElementNS(SVG, 'line');
        grid.setAttribute('x1', '0'); grid.setAttribute('x2', '300');
        grid.setAttribute('y1', String(height * line)); grid.setAttribute('y2', String(height * line));
        grid.setAttribute('class', 'grid');
        nodes.push(grid);
    }
    for (const { points, className } of series) {
        const xy = points.filter((p) => p.value !== null).map((p) => {
            const x = 300 - ((now - p.t) / span) * 300;
            const y = height - 3 - (p.value / top) * (height - 8);
            return `${x.toFixed(1)},${y.toFixed(1)}`;
        });
        if (xy.length < 2) continue;
        const area = document.createElementNS(SVG, 'polygon');
        const first = xy[0].split(',')[0];
        const last = xy[xy.length - 1].split(',')[0];
        area.setAttribute('points', `${first},${height} ${xy.join(' ')} ${last},${height}`);
        area.setAttribute('class', `area ${className}`);
        const polyline = document.createElementNS(SVG, 'polyline');
        polyline.setAttribute('points', xy.join(' '));
        polyline.setAttribute('class', `line ${className}`);
        nodes.push(area, polyline);
    }
    svg.replaceChildren(...nodes);
}

function niceTop(values) {
    const max = Math.max(1, ...values.filter((v) => v !== null));
    const magnitude = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 5, 10].map((m) => m * magnitude).find((top) => top >= max);
}

function latest(points) {
    const known = points.filter((p) => p.value !== null);
    return known.length ? known[known.length - 1].value : null;
}

function drawCharts() {
    const appended = rates('head');
    const carded = rates('cards');
    const publishing = levels('publishingLag');
    const consumer = levels('consumerLag');
    const figure = (name) => document.querySelector(`#chart figure[data-series='${name}'] svg`);
    const throughputTop = niceTop([...appended, ...carded].map((p) => p.value));
    drawSeries(figure('throughput'), [{ points: appended, className: 'appended' }, { points: carded, className: 'carded' }],
        throughputTop);
    drawSeries(figure('publishing'), [{ points: publishing, className: 'publishing' }],
        niceTop(publishing.map((p) => p.value)));
    drawSeries(figure('consumer'), [{ points: consumer, className: 'consumer' }],
        niceTop(consumer.map((p) => p.value)));
    const perSecond = (value) => (value === null ? '–' : value < 10 ? value.toFixed(1) : Math.round(value));
    setText('now-throughput', `${perSecond(latest(appended))} / ${perSecond(latest(carded))} per s · scale ${throughputTop}/s`);
    setText('now-publishing', `${latest(publishing) ?? '–'} now · scale ${niceTop(publishing.map((p) => p.value))}`);
    setText('now-consumer', `${latest(consumer) ?? '–'} now · scale ${niceTop(consumer.map((p) => p.value))}`);
    const minutes = ((state.samples.length ? Date.now() - state.samples[0].t : 0) / 60000).toFixed(1);
    setText('chart-window', `last ${minutes} of ${(CHART_SAMPLES * POLL_MS / 60000).toFixed(0)} min, sampled by this page`);
}

// --- the audit (served by the local stack, which alone reads both databases) -----------------------------------

function showAudit(run) {
    const verdict = $('audit-verdict');
    $('audit-error').textContent = '';
    if (!run || !run.ranAt) {
        verdict.textContent = 'not run yet';
        verdict.className = 'verdict';
        $('audit-counts').replaceChildren();
        setText('audit-when', 'Press the button to compare the two databases now.');
        return;
    }
    const report = run.report;
    verdict.textContent = run.clean ? 'CLEAN' : 'NOT CLEAN';
    verdict.className = `verdict ${run.clean ? 'ok' : 'bad'}`;
    const rows = [
        ['sales', report.sales], ['cards', report.cards], ['missing cards', report.missingCards],
        ['duplicate cards', report.duplicateCards], ['orphan cards', report.orphanCards],
        ['refunds not on the card', report.refundsNotReflected],
        ['published, never received', report.unpublishedBelowToken], ['dead letters', report.deadLetters],
    ];
    $('audit-counts').replaceChildren(...rows.flatMap(([label, value]) => {
        const counted = el('dd', value);
        if (label !== 'sales' && label !== 'cards' && value > 0) counted.className = 'bad';
        return [el('dt', label), counted];
    }));
    const missing = report.missingCardSaleIds.length ? ` Missing: ${report.missingCardSaleIds.join(', ')}.` : '';
    setText('audit-when', `ran ${time(run.ranAt)} in ${run.millis} ms.${missing}`
        + (run.clean ? '' : ' While sales flow, lag shows up as missing cards: run it again when quiet.'));
}

async function runAudit() {
    const button = $('audit-run');
    button.disabled = true;
    button.textContent = 'Running…';
    try {
        const response = await fetch(state.auditUrl, { method: 'POST', headers: { Accept: 'application/json' } });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(answer.detail || `${response.status} ${response.statusText}`);
        showAudit(answer);
    } catch (e) {
        $('audit-error').textContent = `the audit could not run (${e.message})`;
    } finally {
        button.disabled = false;
        button.textContent = 'Run the audit';
    }
}

async function startAudit() {
    if (!state.auditUrl) {
        setText('audit-verdict', 'not served here');
        setText('audit-when', 'The local stack serves it (java -jar lemonade-stack/target/lemonade-stack.jar);'
            + ' elsewhere run: java -jar lemonade-stack/target/lemonade-stack.jar audit --help');
        return;
    }
    $('audit-run').addEventListener('click', runAudit);
    $('audit-run').disabled = false;
    try {
        showAudit(await getJson(state.auditUrl));
    } catch (e) {
        $('audit-error').textContent = `the audit is unreachable at ${state.auditUrl} (${e.message})`;
    }
}

// --- dead letters: an operator signs in; the credentials live in this variable only, never in storage ----------

let operator = null; // { name, authorization } while signed in

function operatorFetch(path, options = {}) {
    return fetch(`${state.thankyouUrl}/api/operations/dead-letters${path}`, {
        ...options,
        credentials: 'omit', // only the header below: no cookie, no login the browser remembers
        headers: { Accept: 'application/json', Authorization: operator.authorization },
    });
}

function refusal(response) {
    if (response.status === 401) return '401 Unauthorized: wrong operator name or password';
    if (response.status === 403) return '403 Forbidden: signed in, but this user lacks the OPERATOR role';
    return `${response.status} ${response.statusText}`;
}

function signedIn(yes) {
    $('signin-form').hidden = yes;
    $('signout-button').hidden = !yes;
    if (!yes) $('dead-letters').replaceChildren();
}

async function signIn(submit) {
    submit.preventDefault();
    const name = $('operator-user').value.trim();
    const password = $('operator-password').value;
    $('operator-password').value = '';
    operator = { name, authorization: `Basic ${btoa(unescape(encodeURIComponent(`${name}:${password}`)))}` };
    const status = $('signin-status');
    status.textContent = 'signing in…';
    status.className = 'muted';
    const ok = await refreshDeadLetters();
    if (ok) {
        status.textContent = `signed in as ${name}`;
        signedIn(true);
    }
}

function signOut() {
    operator = null;
    signedIn(false);
    $('signin-status').textContent = 'signed out';
    $('signin-status').className = 'muted';
}

async function refreshDeadLetters() {
    if (!operator) return false;
    const status = $('signin-status');
    try {
        const response = await operatorFetch('?unresolvedOnly=false&limit=20');
        if (!response.ok) {
            status.textContent = refusal(response);
            status.className = 'error';
            operator = null;
            signedIn(false);
            return false;
        }
        state.deadLetters = await response.json();
        renderDeadLetters();
        return true;
    } catch (e) {
        status.textContent = `thankyou-service unreachable (${e.message})`;
        status.className = 'error';
        return false;
    }
}

async function resolveDeadLetter(id, action) {
    const response = await operatorFetch(`/${id}/${action}`, { method: 'POST' });
    const status = $('signin-status');
    if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        status.textContent = response.status === 401 || response.status === 403
            ? refusal(response) : `${action} refused: ${answer.detail || response.statusText}`;
        status.className = 'error';
        if (response.status === 401) signOut();
        return;
    }
    status.textContent = `dead letter ${id} ${action === 'retry' ? 'retried: the record is on its topic again' : 'discarded'}`;
    status.className = 'muted';
    await refreshDeadLetters();
    await tick();
}

function renderDeadLetters() {
    const open = state.deadLetters.filter((d) => !d.resolution).length;
    badge($('dead-letters-count'), `${open} open`, open ? 'bad' : 'ok');
    const list = $('dead-letters');
    if (!state.deadLetters.length) {
        list.replaceChildren(el('li', 'none parked', 'muted empty'));
        return;
    }
    list.replaceChildren(...state.deadLetters.map((d) => {
        const item = el('li', null, d.resolution ? 'resolved' : '');
        item.dataset.deadLetterId = d.id;
        item.dataset.key = d.key || '';
        const head = el('p', null, 'dl-head');
        head.append(el('strong', `#${d.id}`), el('span', ` ${d.key || '(no key)'} `, 'mono'),
            el('span', `${d.topic} p${d.partition} @${d.offset} · ${time(d.deadLetteredAt)}`, 'muted'));
        const reason = el('p', d.reason, 'reason');
        const record = el('pre', d.record, 'record');
        item.append(head, reason, record);
        if (d.resolution) {
            item.append(el('p', `${d.resolution.toLowerCase()} by ${d.resolvedBy} at ${time(d.resolvedAt)}`, 'muted'));
        } else {
            const actions = el('p', null, 'actions');
            const retry = el('button', 'Retry', 'retry');
            retry.type = 'button';
            retry.addEventListener('click', () => resolveDeadLetter(d.id, 'retry'));
            const discard = el('button', 'Discard', 'discard quiet');
            discard.type = 'button';
            discard.addEventListener('click', () => resolveDeadLetter(d.id, 'discard'));
            actions.append(retry, discard);
            item.append(actions);
        }
        return item;
    }));
}

// --- the event store ------------------------------------------------------------------------------------------

async function refreshEvents(headIndex) {
    const note = $('events-note');
    let events;
    if (state.filter) {
        try {
            events = await getJson(`/api/sales/${encodeURIComponent(state.filter)}/events`);
            note.textContent = `${events.length} event(s) of sale ${state.filter}`;
        } catch (e) {
            events = [];
            note.textContent = e.status === 404 || e.status === 400 ? `no sale with id ${state.filter}` : e.message;
        }
    } else {
        const after = Math.max(-1, headIndex - NEWEST);
        events = (await getJson(`/api/events?after=${after}&limit=${NEWEST}`)).reverse();
        note.textContent = events.length ? `newest ${events.length} event(s); click one to see it` : 'no events yet';
    }
    state.events = events;
    renderEvents();
}

function renderEvents() {
    const rows = state.events.map((event) => {
        const row = el('tr');
        row.dataset.globalIndex = event.globalIndex;
        row.dataset.saleId = event.aggregateId;
        row.tabIndex = 0;
        if (event.globalIndex === state.selected) row.classList.add('selected');
        if (event.aggregateId === state.tracked) row.classList.add('tracked');
        const status = el('td');
        status.append(el('span', event.published ? 'published' : 'waiting',
            `badge ${event.published ? 'ok published' : 'pending'}`));
        row.append(el('td', event.globalIndex), el('td', shortType(event.type)), el('td', event.aggregateId, 'mono'),
            el('td', event.sequenceNumber), el('td', time(event.timestamp)), status);
        row.addEventListener('click', () => select(event.globalIndex));
        row.addEventListener('keydown', (key) => { if (key.key === 'Enter') select(event.globalIndex); });
        return row;
    });
    $('events').tBodies[0].replaceChildren(...rows);
    renderDetail();
}

function select(globalIndex) {
    state.selected = globalIndex;
    renderEvents();
}

function renderDetail() {
    const event = state.events.find((e) => e.globalIndex === state.selected);
    $('event-detail').hidden = !event;
    if (!event) return;
    setText('detail-index', `#${event.globalIndex}`);
    badge($('detail-published'), event.published ? 'published to Kafka' : 'not yet published',
        event.published ? 'ok' : 'pending');
    setText('detail-type', event.type);
    setText('detail-id', event.eventId);
    setText('detail-aggregate', `${event.aggregateId} / ${event.sequenceNumber}`);
    setText('detail-time', event.timestamp);
    $('detail-payload').textContent = JSON.stringify(event.payload, null, 2);
    $('detail-metadata').textContent = JSON.stringify(event.metadata, null, 2);
}

// --- cards and the sale sold from this page ---------------------------------------------------------------

async function refreshCards() {
    try {
        const page = await getJson(`${state.thankyouUrl}/api/cards?size=8`);
        $('cards').replaceChildren(...page.cards.map((card) => {
            const item = el('li', null, card.refunded ? 'refunded' : '');
            item.dataset.saleId = card.saleId;
            item.append(el('p', card.message, 'card-message'),
                el('p', `${card.customerName} <${card.customerEmail}> · ${card.cups} cup(s)`, 'muted'),
                el('p', card.refunded ? `refunded: ${card.refundReason || ''}` : card.saleId, 'mono muted'));
            return item;
        }));
        $('cards-error').textContent = '';
    } catch (e) {
        $('cards-error').textContent = `cards unavailable (${e.message})`;
    }
}

async function refreshTracker() {
    if (!state.tracked) return;
    const steps = {};
    try {
        const events = await getJson(`/api/sales/${encodeURIComponent(state.tracked)}/events`);
        steps.appended = events.length > 0;
        steps.published = events.length > 0 && events.every((e) => e.published);
    } catch (e) {
        steps.appended = false;
    }
    try {
        const card = await getJson(`${state.thankyouUrl}/api/cards/${encodeURIComponent(state.tracked)}`);
        steps.carded = true;
        $('tracker-card').textContent = card.message;
    } catch (e) {
        steps.carded = false;
    }
    for (const step of document.querySelectorAll('#tracker li')) {
        step.classList.toggle('done', Boolean(steps[step.dataset.step]));
    }
}

async function sell(submit) {
    submit.preventDefault();
    const form = submit.target;
    $('sell-error').textContent = '';
    const body = {
        customerName: form.customerName.value,
        customerEmail: form.customerEmail.value,
        cups: Number(form.cups.value),
    };
    const response = await fetch('/api/sales', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
        $('sell-error').textContent = answer.detail || answer.title || `${response.status} ${response.statusText}`;
        return;
    }
    state.tracked = answer.saleId;
    $('tracker').hidden = false;
    setText('tracker-sale', answer.saleId);
    $('tracker-card').textContent = '';
    document.querySelectorAll('#tracker li').forEach((step) => step.classList.remove('done'));
    await tick();
}

// --- the loop -------------------------------------------------------------------------------------------------

let running = false;

async function tick() {
    if (running) return;
    running = true;
    try {
        const pipeline = await refreshProducer();
        const [, consumer] = await Promise.all([refreshEvents(pipeline.eventStore.headIndex), refreshConsumer(),
            refreshCards(), refreshTracker(), refreshDeadLetters()]);
        sample(pipeline, consumer);
        $('updated').textContent = `live · updated ${new Date().toLocaleTimeString()}`;
        $('updated').className = 'muted';
    } catch (e) {
        $('updated').textContent = `lemonade-app unreachable (${e.message}); retrying`;
        $('updated').className = 'error';
    } finally {
        running = false;
    }
}

async function start() {
    const where = await getJson('/api/console');
    state.thankyouUrl = where.thankyouUrl;
    state.auditUrl = where.auditUrl;
    $('sell-form').addEventListener('submit', sell);
    $('signin-form').addEventListener('submit', signIn);
    $('signout-button').addEventListener('click', signOut);
    startAudit();
    let typing;
    $('sale-filter').addEventListener('input', (input) => {
        clearTimeout(typing);
        typing = setTimeout(() => {
            state.filter = input.target.value.trim();
            state.selected = null;
            tick();
        }, 250);
    });
    await tick();
    setInterval(tick, POLL_MS);
}

start().catch((e) => {
    $('updated').textContent = `cannot start: ${e.message}`;
    $('updated').className = 'error';
});
