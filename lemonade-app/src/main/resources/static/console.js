// The pipeline page. Everything that comes from events or cards is set with textContent on elements made with
// createElement: a customer named <script> is shown as text, never parsed as HTML.

const POLL_MS = 1500;
const NEWEST = 25;

const state = {
    thankyouUrl: null,
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
        $('stage-cards').classList.toggle('failing', pipeline.deadLetters > 0);
    } catch (e) {
        setText('consumer-lag', '?');
        $('consumer-error').textContent = `thankyou-service unreachable at ${state.thankyouUrl} (${e.message})`;
        $('stage-consumer').classList.add('failing');
    }
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
        await Promise.all([refreshEvents(pipeline.eventStore.headIndex), refreshConsumer(), refreshCards(),
            refreshTracker()]);
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
    state.thankyouUrl = (await getJson('/api/console')).thankyouUrl;
    $('sell-form').addEventListener('submit', sell);
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
