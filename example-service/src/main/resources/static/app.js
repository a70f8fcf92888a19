// The page of the example service: plain JavaScript, no build step. It follows the wire
// protocol of docs/protocol.md: SSE streams (EventSource) for todos, cart and notifications;
// one WebSocket for the other stores (chat, editor, user, settings, products, orders, stock);
// HTTP POST/PUT for actions and writes.
'use strict';

const BASE = '/philjs';
const $ = (id) => document.getElementById(id);
const money = (cents) => '$' + (cents / 100).toFixed(2);

// ---- HTTP ----------------------------------------------------------------------------

async function call(store, action, args) {
	const response = await fetch(`${BASE}/stores/${store}/actions/${action}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(args === undefined ? null : args)
	});
	const body = await response.json();
	if (!response.ok) {
		throw new Error(body.message || body.error);
	}
	return body.result;
}

async function write(store, signal, value) {
	const response = await fetch(`${BASE}/stores/${store}/signals/${signal}`, {
		method: 'PUT',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(value)
	});
	if (!response.ok) {
		throw new Error((await response.json()).message);
	}
}

function report(error) {
	console.warn(error);
	const item = document.createElement('li');
	item.className = 'ERROR';
	item.textContent = String(error.message || error);
	$('notification-list').prepend(item);
}

// ---- SSE: one EventSource per store --------------------------------------------------

let reconnects = 0;

function countReconnect() {
	reconnects++;
	$('reconnects').dataset.count = String(reconnects);
}

// Keeps a store's state from its snapshot and change events and calls render(state) after
// each. EventSource reconnects by itself (sending Last-Event-ID) when the server ends the
// stream; if the browser gives up (an error status), the stream is opened again here.
function watch(store, render) {
	const statusEl = $('status-' + store);
	let state = {};
	let opened = false;
	function setStatus(text, live) {
		if (statusEl) {
			statusEl.textContent = text;
			statusEl.classList.toggle('live', live);
		}
	}
	function open() {
		const source = new EventSource(`${BASE}/stores/${store}/events`);
		source.onopen = () => {
			if (opened) {
				countReconnect();
			}
			opened = true;
			setStatus('live', true);
		};
		source.addEventListener('snapshot', (e) => {
			state = JSON.parse(e.data).state;
			render(state);
		});
		source.addEventListener('change', (e) => {
			state = Object.assign({}, state, JSON.parse(e.data).changes);
			render(state);
		});
		source.onerror = () => {
			if (source.readyState === EventSource.CLOSED) {
				setStatus('closed, retrying', false);
				setTimeout(open, 2000);
			}
			else {
				setStatus('reconnecting', false);
			}
		};
	}
	open();
}

// ---- WebSocket: chat and editor ------------------------------------------------------

const socket = {
	ws: null,
	nextId: 1,
	waiting: new Map(),
	versions: {},
	handlers: {},
	backoff: 500,
	everOpen: false,

	connect() {
		const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
		const ws = new WebSocket(`${scheme}//${location.host}${BASE}/ws`);
		this.ws = ws;
		ws.onopen = () => {
			if (this.everOpen) {
				countReconnect();
			}
			this.everOpen = true;
			this.backoff = 500;
			$('status-ws').textContent = 'live';
			$('status-ws').classList.add('live');
			for (const store of Object.keys(this.handlers)) {
				const message = { type: 'subscribe', store };
				if (this.versions[store]) {
					message.lastVersion = this.versions[store];
				}
				this.send(message).catch(report);
			}
		};
		ws.onmessage = (e) => this.receive(JSON.parse(e.data));
		ws.onclose = () => {
			$('status-ws').textContent = 'reconnecting';
			$('status-ws').classList.remove('live');
			for (const pending of this.waiting.values()) {
				pending.reject(new Error('WebSocket closed'));
			}
			this.waiting.clear();
			setTimeout(() => this.connect(), this.backoff);
			this.backoff = Math.min(this.backoff * 2, 5000);
		};
	},

	watch(store, render) {
		this.handlers[store] = { state: {}, render };
	},

	send(message) {
		if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
			return Promise.reject(new Error('Not connected, try again in a moment'));
		}
		message.id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.waiting.set(message.id, { resolve, reject });
			this.ws.send(JSON.stringify(message));
		});
	},

	call(store, action, args) {
		return this.send({ type: 'call', store, action, args });
	},

	receive(message) {
		const handler = this.handlers[message.store];
		switch (message.type) {
			case 'result':
			case 'error': {
				const pending = this.waiting.get(message.id);
				this.waiting.delete(message.id);
				if (pending && message.type === 'result') {
					pending.resolve(message.result);
				}
				else if (pending) {
					pending.reject(new Error(message.message));
				}
				break;
			}
			case 'snapshot':
				if (handler) {
					handler.state = message.state;
					this.versions[message.store] = message.version;
					handler.render(handler.state);
				}
				break;
			case 'change':
				if (handler) {
					handler.state = Object.assign({}, handler.state, message.changes);
					this.versions[message.store] = message.version;
					handler.render(handler.state);
				}
				break;
			case 'unsubscribed':
				delete this.versions[message.store];
				break;
		}
	}
};

// ---- rendering -----------------------------------------------------------------------

function list(id, items, fill) {
	const ul = $(id);
	ul.replaceChildren(...items.map((item) => {
		const li = document.createElement('li');
		fill(li, item);
		return li;
	}));
}

function button(text, onClick) {
	const b = document.createElement('button');
	b.type = 'button';
	b.textContent = text;
	b.addEventListener('click', onClick);
	return b;
}

function renderTodos(state) {
	list('todo-list', state.todos || [], (li, todo) => {
		const box = document.createElement('input');
		box.type = 'checkbox';
		box.checked = todo.completed;
		box.addEventListener('change', () => call('todos', 'toggle', { id: todo.id }).catch(report));
		const text = document.createElement('span');
		text.className = 'todo-text' + (todo.completed ? ' done' : '');
		text.textContent = todo.text;
		li.append(box, ' ', text, ' ', button('×', () => call('todos', 'remove', { id: todo.id }).catch(report)));
	});
	$('todo-active').textContent = String(state.activeCount ?? 0);
}

function renderChat(state) {
	list('chat-list', state.messages || [], (li, m) => {
		const author = document.createElement('strong');
		author.textContent = m.author + ': ';
		const text = document.createElement('span');
		text.className = 'chat-text';
		text.textContent = m.text;
		li.append(author, text);
	});
	const ul = $('chat-list');
	ul.scrollTop = ul.scrollHeight;
	$('chat-sent').textContent = String(state.sent ?? 0);
}

function renderEditor(state) {
	$('editor-current').textContent = state.text ?? '';
	if (document.activeElement !== $('editor-text')) {
		$('editor-text').value = state.text ?? '';
	}
	$('editor-undo').disabled = !state.canUndo;
	$('editor-redo').disabled = !state.canRedo;
}

function renderUser(state) {
	$('user-name').textContent = state.user ? state.user.name + (state.user.member ? ' (member)' : '') : 'guest';
}

function renderSettings(state) {
	document.body.classList.toggle('dark', state.theme === 'DARK');
	$('theme-name').textContent = (state.theme || '').toLowerCase();
}

function renderProducts(state) {
	const pending = new Set(state.pending || []);
	list('product-list', state.items || [], (li, p) => {
		const price = document.createElement('span');
		price.className = 'price' + (pending.has(p.id) ? ' pending' : '');
		price.textContent = money(p.priceCents) + (pending.has(p.id) ? ' (saving)' : '');
		li.dataset.id = p.id;
		li.append(p.name + ' ', price, ' ',
			button('Add to cart', () => call('cart', 'add', { productId: p.id, quantity: 1 }).catch(report)),
			button('+10%', () => call('products', 'setPrice',
				{ id: p.id, priceCents: Math.round(p.priceCents * 1.1) }).catch(report)));
	});
	$('product-error').textContent = state.lastError || '';
}

function renderCart(state) {
	list('cart-list', state.lines || [], (li, line) => {
		li.append(`${line.quantity} × ${line.name} at ${money(line.unitCents)} `,
			button('remove', () => call('cart', 'remove', { productId: line.productId }).catch(report)));
	});
	$('cart-subtotal').textContent = money(state.subtotalCents || 0);
	$('cart-discount').textContent = String(state.discountPercent || 0);
	$('cart-total').textContent = money(state.totalCents || 0);
	$('cart-checkout-status').textContent = state.checkout || '';
}

function renderOrders(state) {
	list('order-list', state.orders || [], (li, o) => {
		li.textContent = `${o.id} for ${o.customer}: ${money(o.totalCents)}, ${o.status.toLowerCase()}`;
	});
	$('orders-error').textContent = state.error ? 'Warehouse: ' + state.error : '';
}

function renderStock(state) {
	$('stock-status').textContent = state.status || '';
	$('stock-levels').textContent = Object.entries(state.levels || {}).map(([id, n]) => `${id}: ${n}`).join(', ')
		+ (state.error ? ' ' + state.error : '');
}

function renderNotifications(state) {
	list('notification-list', (state.items || []).slice().reverse(), (li, n) => {
		li.className = n.level;
		li.append(`${n.text} (${n.from}) `, button('dismiss', () => call('notifications', 'dismiss', { id: n.id })
			.catch(report)));
	});
}

// ---- forms ---------------------------------------------------------------------------

$('todo-form').addEventListener('submit', (e) => {
	e.preventDefault();
	const text = $('todo-text').value;
	call('todos', 'add', { text }).then(() => { $('todo-text').value = ''; }, report);
});

$('chat-form').addEventListener('submit', (e) => {
	e.preventDefault();
	socket.call('chat', 'send', { author: $('chat-author').value, text: $('chat-text').value })
		.then(() => { $('chat-text').value = ''; }, report);
});

$('editor-save').addEventListener('click', () => socket.call('editor', 'edit', { text: $('editor-text').value })
	.catch(report));
$('editor-undo').addEventListener('click', () => { $('editor-text').blur(); socket.call('editor', 'undo').catch(report); });
$('editor-redo').addEventListener('click', () => { $('editor-text').blur(); socket.call('editor', 'redo').catch(report); });

$('sign-in').addEventListener('submit', (e) => {
	e.preventDefault();
	call('user', 'signIn', { name: $('user-input').value, member: $('user-member').checked }).catch(report);
});
$('user-sign-out').addEventListener('click', () => call('user', 'signOut').catch(report));
$('theme-toggle').addEventListener('click', () =>
	write('settings', 'theme', document.body.classList.contains('dark') ? 'LIGHT' : 'DARK').catch(report));
$('cart-checkout').addEventListener('click', () => call('cart', 'checkout').catch(report));
$('stock-load').addEventListener('click', () => call('stock', 'load').catch(report));

// ---- start ---------------------------------------------------------------------------

async function start() {
	// Session stores share the session of the cookie: read one snapshot first, so that the
	// streams opened below all carry the same, already created, session.
	await fetch(`${BASE}/stores/user`).catch(() => undefined);
	// Browsers open at most six HTTP/1.1 connections per server: three event streams, and
	// every other store on the one WebSocket.
	watch('todos', renderTodos);
	watch('cart', renderCart);
	watch('notifications', renderNotifications);
	for (const [store, render] of [['chat', renderChat], ['editor', renderEditor], ['user', renderUser],
		['settings', renderSettings], ['products', renderProducts], ['orders', renderOrders], ['stock', renderStock]]) {
		socket.watch(store, render);
	}
	socket.connect();
}

start();
