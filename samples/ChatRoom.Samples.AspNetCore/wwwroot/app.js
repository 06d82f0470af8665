/*
 * ChatRoom browser client – protocol v1 over a same-origin WebSocket at /ws.
 *
 * URL parameters (optional):
 *   ?name=alice             prefill the display name; when it is valid the page connects right away
 *   ?room=lobby             room to open first (defaults to "general")
 *   e.g.  /?name=alice&room=lobby   -> connects as "alice" and joins "lobby" without any clicks
 *
 * Tokens: the page asks GET /auth whether the server checks signed tokens. If it does, the join form shows a
 * token field, the socket connects with ?access_token=…, and the name shown is the token's (the server ignores
 * ?name= then). A refusal (close code 4401, or a refused upgrade before the socket ever opened) returns to the form.
 * The token is kept in sessionStorage only, for this tab.
 *
 * Test hooks:
 *   window.chatRoom.socket()  current WebSocket (closing it counts as a network drop -> auto-reconnect)
 *   window.chatRoom.state()   "connecting" | "online" | "reconnecting" | "offline"
 *   Stable element ids / attributes are listed in index.html.
 *
 * Security: every piece of user-provided text (names, rooms, messages) is written with textContent,
 * never innerHTML. Names are self-chosen unless the server marks the member `verified` (signed in with a token),
 * so only those get the "Signed in" mark. Messages are told apart by seq alone: clientMessageIds are visible to
 * every member, so an id only settles a pending send when the message also comes from one of this page's connections.
 */
(() => {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Limits and timings
  // ---------------------------------------------------------------------------------------------

  const ROOM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
  const DEFAULT_ROOM = 'general';
  const AUTO_JOINED_ROOM = 'general'; // the server silently joins every new connection to this room
  const MAX_NAME_LENGTH = 32;
  const MAX_TEXT_LENGTH = 4000;
  const MAX_FRAME_BYTES = 32 * 1024;
  const HISTORY_PAGE_SIZE = 50;
  const TYPING_SEND_INTERVAL_MS = 2000;
  const TYPING_VISIBLE_MS = 3000;
  const BACKOFF_BASE_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const PING_INTERVAL_MS = 25000;
  const PONG_TIMEOUT_MS = 10000;
  const ACK_TIMEOUT_MS = 15000;
  const JOIN_RETRY_MS = 2000;
  const NOTICE_VISIBLE_MS = 7000;
  const MAX_NOTICES = 4;
  const NEAR_EDGE_PX = 48;
  const NAME_STORAGE_KEY = 'chatroom.name';
  const ROOM_STORAGE_KEY = 'chatroom.room';
  const TOKEN_STORAGE_KEY = 'chatroom.token';
  const UNAUTHENTICATED_CLOSE = 4401;

  // Friendly text per server error code.
  const ERROR_TEXT = {
    bad_request: 'The server could not understand that request.',
    unknown_action: 'The server does not support that action.',
    invalid_room: 'Room names are 1–64 characters: letters, digits, “-”, “_” or “.”.',
    invalid_text: 'Message too long (max 4000 characters).',
    not_a_member: 'You are not in that room any more — rejoin it and try again.',
    too_many_rooms: 'You have joined too many rooms — leave one before joining another.',
    rate_limited: 'You’re sending too fast — slow down a little.',
    forbidden: 'You are not allowed to do that.',
    unavailable: 'The chat service is temporarily unavailable — please try again shortly.',
  };

  // Short status shown under a message that failed to send.
  const FAILURE_TEXT = {
    timeout: 'Not delivered yet.',
    rate_limited: 'Not sent — you were sending too fast.',
    unavailable: 'Not sent — the service is unavailable.',
    invalid_text: 'Not sent — message too long.',
    not_a_member: 'Not sent — you are not in this room.',
  };

  // Errors for these actions are background noise (the user did not ask for them explicitly).
  const QUIET_ERROR_ACTIONS = new Set(['typing', 'ping', 'leave', 'members']);
  // A failed join with one of these codes is worth retrying instead of dropping the room.
  const TRANSIENT_CODES = new Set(['unavailable', 'rate_limited']);
  // A failed message with one of these codes will fail again unchanged, so no "Retry" button.
  const PERMANENT_SEND_CODES = new Set(['invalid_text', 'bad_request']);

  // ---------------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------------

  const state = {
    signedIn: false,
    name: '',
    token: '',                // sign-in token, when the server checks tokens
    auth: { tokens: false, tokenRequired: false },
    everOnline: false,        // whether the current sign-in has had an open socket (a first refusal means a bad token)
    conn: 'offline',          // connecting | online | reconnecting | offline
    socket: null,
    generation: 0,            // bumped per socket so late events of an old socket are ignored
    userClosed: false,        // true only when the user signed out / the page is being left
    attempt: 0,               // consecutive failed connection attempts (drives the backoff)
    reconnectAt: 0,
    reconnectTimer: 0,
    countdownTimer: 0,
    pingTimer: 0,
    pongTimer: 0,
    rooms: new Map(),         // room name -> room state (see createRoom), in sidebar order
    current: null,            // name of the room shown in the main pane
    pendingJoins: [],         // room names whose join awaits a reply, in send order (errors carry no room)
    leaving: new Set(),       // rooms with a leave in flight
    myConnectionIds: new Set(), // every connection id we have had, to recognise our own messages
    verified: false,          // whether the server marks us as signed in (shown on messages still pending)
  };

  function createRoom(name) {
    return {
      name,
      status: 'joining',      // joining | joined
      joinedOnce: false,      // after the first join we rejoin with `since`
      joinSince: null,        // `since` of the join in flight (null = plain join)
      messages: [],           // confirmed messages ascending by seq: { seq, sender, text, sentAt, clientMessageId, own, el }
      seqs: new Set(),        // the seqs in `messages`: the server gives each message one, resends included
      pending: new Map(),     // clientMessageId -> pending entry (see sendChatMessage)
      members: new Map(),     // connectionId -> { connectionId, name, verified }
      membersAfter: null,     // the connection id a members page was asked after, while the list is being paged in
      typing: new Map(),      // connectionId -> { name, timer }
      hasOlder: false,
      loadingOlder: false,
      lastTypingSentAt: 0,
      unread: 0,
      scroll: null,           // remembered scroll position while another room is shown
      listItem: null,         // the room's <li> in #rooms
    };
  }

  // ---------------------------------------------------------------------------------------------
  // DOM helpers
  // ---------------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);
  const dom = {
    body: document.body,
    joinForm: $('join-form'),
    nameField: $('name-field'),
    nameInput: $('name-input'),
    tokenField: $('token-field'),
    tokenInput: $('token-input'),
    roomInput: $('room-input'),
    roomLabel: $('room-label'),
    joinButton: $('join-button'),
    joinError: $('join-error'),
    welcome: $('welcome'),
    welcomeCard: $('welcome-card'),
    sidebarFormSlot: $('sidebar-form-slot'),
    sidebar: $('sidebar'),
    sidebarToggle: $('sidebar-toggle'),
    backdrop: $('backdrop'),
    connectionState: $('connection-state'),
    reconnectButton: $('reconnect-button'),
    userChip: $('user-chip'),
    userName: $('user-name'),
    signOutButton: $('sign-out-button'),
    rooms: $('rooms'),
    members: $('members'),
    memberCount: $('member-count'),
    chat: $('chat'),
    noRoom: $('no-room'),
    roomTitle: $('room-title'),
    leaveButton: $('leave-button'),
    scroller: $('scroller'),
    loadOlder: $('load-older'),
    historyStart: $('history-start'),
    messages: $('messages'),
    jumpLatest: $('jump-latest'),
    typing: $('typing'),
    composerForm: $('composer-form'),
    composer: $('composer'),
    sendButton: $('send-button'),
    charCount: $('char-count'),
    notices: $('notices'),
    announcer: $('announcer'),
  };

  /** Creates an element; `text` is always set via textContent so it can never become markup. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text, onClick, ariaLabel) {
    const node = el('button', className, text);
    node.type = 'button';
    if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
    node.addEventListener('click', onClick);
    return node;
  }

  function storageGet(key) {
    try { return localStorage.getItem(key) ?? ''; } catch { return ''; }
  }

  function storageSet(key, value) {
    try { localStorage.setItem(key, value); } catch { /* private mode: just don't remember */ }
  }

  function newClientMessageId() {
    if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
    // randomUUID only exists in secure contexts (https / localhost); build a v4 UUID by hand otherwise.
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting
  // ---------------------------------------------------------------------------------------------

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dayTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

  function timeElement(iso) {
    const date = new Date(iso);
    const node = el('time', 'message-time');
    if (Number.isNaN(date.getTime())) return node;
    const isToday = date.toDateString() === new Date().toDateString();
    node.dateTime = date.toISOString();
    node.textContent = (isToday ? timeFormat : dayTimeFormat).format(date);
    node.title = fullFormat.format(date);
    return node;
  }

  function initial(name) {
    return ([...String(name).trim()][0] ?? '?').toUpperCase();
  }

  /** A stable hue per name so each person keeps the same avatar colour. */
  function hueOf(name) {
    let hash = 0;
    for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    return hash % 360;
  }

  function avatar(name) {
    const node = el('span', 'avatar', initial(name));
    node.setAttribute('aria-hidden', 'true');
    node.style.setProperty('--hue', String(hueOf(name)));
    return node;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';

  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  /** The mark beside a name the server vouches for: its member signed in with a token. */
  function verifiedMark() {
    const node = el('span', 'verified');
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', 'Signed in');
    node.title = 'Signed in';
    const icon = svgElement('svg', { viewBox: '0 0 16 16', width: '10', height: '10', 'aria-hidden': 'true', focusable: 'false' });
    icon.append(svgElement('path', {
      d: 'M3.5 8.5l3 3 6-7', fill: 'none', stroke: 'currentColor', 'stroke-width': '2.5', 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
    }));
    node.append(icon);
    return node;
  }

  /** A name followed by the "Signed in" mark when the member is verified. */
  function nameElements(className, member) {
    const name = el('span', className, member.name);
    return member.verified ? [name, verifiedMark()] : [name];
  }

  // ---------------------------------------------------------------------------------------------
  // Notices and announcements
  // ---------------------------------------------------------------------------------------------

  function showNotice(code, text, { kind = 'error', detail = '' } = {}) {
    // Refresh an identical notice instead of stacking copies (e.g. repeated rate limiting).
    for (const existing of dom.notices.children) {
      if (existing.dataset.code === code && existing.dataset.text === text) {
        existing.remove();
        break;
      }
    }
    const notice = el('div', `notice notice-${kind}`);
    notice.dataset.code = code;
    notice.dataset.text = text;
    notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    if (detail && detail !== text) notice.title = detail;
    const dismiss = () => notice.remove();
    notice.append(el('span', 'notice-text', text), button('notice-close', '×', dismiss, 'Dismiss notice'));
    dom.notices.append(notice);
    setTimeout(dismiss, NOTICE_VISIBLE_MS);
    while (dom.notices.children.length > MAX_NOTICES) dom.notices.firstElementChild.remove();
  }

  function errorText(frame, pending) {
    if (frame.code === 'invalid_text' && pending && pending.text.length <= MAX_TEXT_LENGTH) {
      return 'That message could not be sent (messages must be 1–4000 characters).';
    }
    return ERROR_TEXT[frame.code] ?? frame.message ?? 'Something went wrong.';
  }

  /** Screen-reader announcement for things that are not in a live region themselves. */
  function announce(text) {
    dom.announcer.textContent = '';
    requestAnimationFrame(() => { dom.announcer.textContent = text; });
  }

  // ---------------------------------------------------------------------------------------------
  // Connection
  // ---------------------------------------------------------------------------------------------

  function socketUrl() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const credentials = state.token
      ? `access_token=${encodeURIComponent(state.token)}`
      : `name=${encodeURIComponent(state.name)}`;
    return `${scheme}//${location.host}/ws?${credentials}`;
  }

  function isOnline() {
    return state.socket?.readyState === WebSocket.OPEN;
  }

  function connect() {
    clearReconnectTimers();
    retireSocket();
    const generation = ++state.generation;
    state.userClosed = false;
    setConnState(state.attempt > 0 ? 'reconnecting' : 'connecting');

    let socket;
    try {
      socket = new WebSocket(socketUrl());
    } catch {
      scheduleReconnect();
      return;
    }
    state.socket = socket;
    // Each handler ignores events from a socket we have already replaced.
    socket.addEventListener('open', () => generation === state.generation && onOpen());
    socket.addEventListener('message', (event) => generation === state.generation && onFrame(event.data));
    socket.addEventListener('close', (event) => generation === state.generation && onClose(event));
    // 'error' is always followed by 'close', which does the handling.
  }

  function onOpen() {
    setConnState('online');
    state.everOnline = true;
    state.pendingJoins = [];
    state.leaving.clear();
    // Join the visible room first so the main pane fills as early as possible.
    const rooms = [...state.rooms.values()].sort((a, b) => (b.name === state.current) - (a.name === state.current));
    for (const room of rooms) sendJoin(room);
    // The server auto-joins "general" without telling us; leave it unless the user wants it.
    if (!state.rooms.has(AUTO_JOINED_ROOM)) {
      state.leaving.add(AUTO_JOINED_ROOM);
      send({ action: 'leave', room: AUTO_JOINED_ROOM });
    }
    startHeartbeat();
    renderAll();
  }

  function onClose(event) {
    handleDisconnect();
    if (state.userClosed) {
      setConnState('offline');
      return;
    }
    // 4401: the server refused the token. Through an API Gateway the upgrade itself is refused (1006 before open).
    if (event.code === UNAUTHENTICATED_CLOSE || (state.token && !state.everOnline)) {
      tokenRefused(event.reason);
      return;
    }
    const reasons = {
      1001: 'The server is restarting — reconnecting…',
      1008: 'The server closed the connection (policy violation).',
      1009: 'The server closed the connection because a message was too large.',
    };
    if (reasons[event.code]) {
      showNotice(`closed_${event.code}`, reasons[event.code], { kind: event.code === 1001 ? 'info' : 'error', detail: event.reason });
    }
    scheduleReconnect();
  }

  /** Drops a socket that stopped answering; browsers can take minutes to notice by themselves. */
  function dropDeadSocket() {
    retireSocket();
    handleDisconnect();
    scheduleReconnect();
  }

  /** Closes the current socket without reacting to its close event. */
  function retireSocket() {
    const socket = state.socket;
    if (!socket) return;
    state.generation++; // its late events are ignored from now on
    state.socket = null;
    try { socket.close(); } catch { /* already closing */ }
  }

  /** Resets per-connection state; the rooms themselves stay so they can be rejoined. */
  function handleDisconnect() {
    state.socket = null;
    stopHeartbeat();
    state.pendingJoins = [];
    for (const room of state.rooms.values()) {
      room.status = 'joining';
      room.loadingOlder = false;
      for (const entry of room.pending.values()) {
        // In-flight (or timed-out) messages are resent after the rejoin unless they show up in the catch-up.
        if (entry.status === 'sending' || entry.failCode === 'timeout') setPendingStatus(entry, 'waiting');
      }
      clearAllTyping(room);
    }
    renderAll();
  }

  function scheduleReconnect() {
    clearReconnectTimers();
    // Exponential backoff with "equal jitter": half fixed, half random, so a server restart
    // does not get every client back at the same instant.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(state.attempt, 10));
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    state.attempt++;
    state.reconnectAt = Date.now() + delay;
    state.reconnectTimer = setTimeout(connect, delay);
    state.countdownTimer = setInterval(renderConnState, 250);
    setConnState('reconnecting');
  }

  function clearReconnectTimers() {
    clearTimeout(state.reconnectTimer);
    clearInterval(state.countdownTimer);
    state.reconnectTimer = 0;
    state.countdownTimer = 0;
  }

  function startHeartbeat() {
    stopHeartbeat();
    state.pingTimer = setInterval(() => {
      send({ action: 'ping' });
      if (!state.pongTimer) state.pongTimer = setTimeout(dropDeadSocket, PONG_TIMEOUT_MS);
    }, PING_INTERVAL_MS);
  }

  function stopHeartbeat() {
    clearInterval(state.pingTimer);
    clearTimeout(state.pongTimer);
    state.pingTimer = 0;
    state.pongTimer = 0;
  }

  function disconnectByUser() {
    state.userClosed = true;
    clearReconnectTimers();
    const socket = state.socket;
    handleDisconnect();
    setConnState('offline');
    try { socket?.close(1000, 'User signed out'); } catch { /* already closed */ }
  }

  const utf8 = new TextEncoder();

  /** Sends one frame; returns false when it could not be sent (offline or too large). */
  function send(payload) {
    if (!isOnline()) return false;
    const json = JSON.stringify(payload);
    // The server closes the whole socket (1009) on oversized frames, so never send one.
    if (utf8.encode(json).length > MAX_FRAME_BYTES) {
      showNotice('frame_too_large', 'That is too much data to send at once.');
      return false;
    }
    state.socket.send(json);
    return true;
  }

  function setConnState(next) {
    const previous = state.conn;
    state.conn = next;
    renderConnState();
    if (previous === next) return;
    if (next === 'online' && previous === 'reconnecting') announce('Reconnected.');
    if (next === 'reconnecting' && previous === 'online') announce('Connection lost. Reconnecting…');
  }

  // ---------------------------------------------------------------------------------------------
  // Incoming frames
  // ---------------------------------------------------------------------------------------------

  const frameHandlers = {
    joined: onJoined,
    left: onLeft,
    presence: onPresence,
    message: onMessage,
    history: onHistory,
    members: onMembers,
    typing: onTyping,
    pong: () => {},
    error: onError,
  };

  function onFrame(data) {
    // Any frame proves the connection is alive.
    clearTimeout(state.pongTimer);
    state.pongTimer = 0;

    let frame;
    try { frame = JSON.parse(data); } catch { return; }
    if (!frame || typeof frame !== 'object') return;
    // The server is serving us: the next drop starts the backoff from scratch. Error frames don't
    // count, so a server that rejects and closes us keeps backing off instead of hammering it.
    if (frame.type !== 'error') state.attempt = 0;
    frameHandlers[frame.type]?.(frame);
  }

  function sendJoin(room) {
    // After the first join, ask only for what we missed so nothing is lost or doubled.
    const since = room.joinedOnce ? lastSeq(room) ?? 0 : null;
    room.status = 'joining';
    room.joinSince = since;
    state.pendingJoins.push(room.name);
    send(since === null ? { action: 'join', room: room.name } : { action: 'join', room: room.name, since });
  }

  function takePendingJoin(roomName) {
    const index = state.pendingJoins.indexOf(roomName);
    if (index >= 0) state.pendingJoins.splice(index, 1);
  }

  function onJoined(frame) {
    takePendingJoin(frame.room);
    const room = state.rooms.get(frame.room);
    if (!room) {
      // The user left while the join was in flight.
      if (!state.leaving.has(frame.room)) send({ action: 'leave', room: frame.room });
      return;
    }
    if (frame.you?.connectionId) state.myConnectionIds.add(frame.you.connectionId);
    state.verified = frame.you?.verified === true;

    const catchingUp = room.joinSince !== null;
    room.status = 'joined';
    room.joinedOnce = true;
    const members = validMembers(frame.members);
    room.members = new Map(members.map((m) => [m.connectionId, m]));
    room.membersAfter = null;
    // A large room's list does not fit one frame: page in the rest after the last member listed.
    if (frame.moreMembers === true && members.length > 0) requestMembersAfter(room, members.at(-1).connectionId);
    if (!catchingUp) room.hasOlder = Boolean(frame.hasMore);
    addMessages(room, frame.messages, { live: catchingUp });

    if (catchingUp && frame.hasMore) {
      sendJoin(room); // more than one page was missed: continue after the newest seq we now have
      return;
    }
    flushPending(room);
    if (room.name === state.current) {
      renderMembers();
      renderHistoryControls();
      fillViewport(room);
    }
    updateRoomItem(room);
  }

  function onLeft(frame) {
    if (state.leaving.delete(frame.room)) return;
    // Not requested by us: the server removed us from the room.
    if (state.rooms.has(frame.room)) {
      removeRoom(frame.room);
      showNotice('left', `You are no longer in #${frame.room}.`, { kind: 'info' });
    }
  }

  function onPresence(frame) {
    const room = state.rooms.get(frame.room);
    const member = validMembers([frame.member])[0];
    if (!room || !member) return;
    if (frame.event === 'joined') room.members.set(member.connectionId, member);
    if (frame.event === 'left') {
      room.members.delete(member.connectionId);
      clearTyping(room, member.connectionId);
    }
    if (room.name === state.current) renderMembers();
  }

  function onMembers(frame) {
    const room = state.rooms.get(frame.room);
    if (!room) return;
    const members = validMembers(frame.members);
    if (room.membersAfter === null) room.members = new Map();
    for (const member of members) room.members.set(member.connectionId, member);
    room.membersAfter = null;
    if (frame.hasMore === true && members.length > 0) requestMembersAfter(room, members.at(-1).connectionId);
    if (room.name === state.current) renderMembers();
  }

  /** Asks for the room's members after one already listed; the reply is merged into the list. */
  function requestMembersAfter(room, connectionId) {
    room.membersAfter = connectionId;
    send({ action: 'members', room: room.name, after: connectionId });
  }

  function onMessage(frame) {
    const room = state.rooms.get(frame.room);
    if (room) addMessages(room, [frame], { live: true });
  }

  function onHistory(frame) {
    const room = state.rooms.get(frame.room);
    if (!room) return;
    const messages = Array.isArray(frame.messages) ? frame.messages : [];
    room.loadingOlder = false;
    // An empty page can't move `before` forward; treat it as the end to avoid asking forever.
    room.hasOlder = Boolean(frame.hasMore) && messages.length > 0;
    addMessages(room, messages, { older: true });
    if (room.name === state.current) {
      renderHistoryControls();
      fillViewport(room);
    }
  }

  function onTyping(frame) {
    const room = state.rooms.get(frame.room);
    const member = validMembers([frame.member])[0];
    if (!room || !member || state.myConnectionIds.has(member.connectionId)) return;
    clearTimeout(room.typing.get(member.connectionId)?.timer);
    const timer = setTimeout(() => clearTyping(room, member.connectionId), TYPING_VISIBLE_MS);
    room.typing.set(member.connectionId, { name: member.name, timer });
    if (room.name === state.current) renderTyping();
  }

  function onError(frame) {
    const pending = frame.action === 'sendmessage' && frame.clientMessageId
      ? findPending(frame.clientMessageId)
      : null;
    if (pending) failPending(pending, frame.code);
    if (frame.action === 'join') return onJoinError(frame); // shows its own, room-specific notice
    if (frame.action === 'history') {
      for (const room of state.rooms.values()) room.loadingOlder = false;
      renderHistoryControls();
    }
    if (QUIET_ERROR_ACTIONS.has(frame.action)) return;
    showNotice(frame.code ?? 'error', errorText(frame, pending), { detail: frame.message });
  }

  function onJoinError(frame) {
    // Error frames carry no room; replies come in request order, so it belongs to the oldest join.
    const roomName = state.pendingJoins.shift();
    const room = roomName && state.rooms.get(roomName);
    if (!room) return;
    if (TRANSIENT_CODES.has(frame.code)) {
      setTimeout(() => {
        if (state.rooms.get(roomName) === room && room.status === 'joining' && isOnline()) sendJoin(room);
      }, JOIN_RETRY_MS + Math.random() * JOIN_RETRY_MS);
      return;
    }
    removeRoom(roomName);
    showNotice(frame.code ?? 'error', `Couldn’t join #${roomName}: ${errorText(frame)}`, { detail: frame.message });
  }

  function validMembers(list) {
    return (Array.isArray(list) ? list : [])
      .filter((m) => m && typeof m.connectionId === 'string')
      // Anything but a literal true (absent: an anonymous member, or a server that does not say) is unverified.
      .map((m) => ({ connectionId: m.connectionId, name: String(m.name ?? ''), verified: m.verified === true }));
  }

  // ---------------------------------------------------------------------------------------------
  // Messages
  // ---------------------------------------------------------------------------------------------

  function lastSeq(room) {
    return room.messages.length ? room.messages[room.messages.length - 1].seq : null;
  }

  function normalizeMessage(raw) {
    if (!raw || typeof raw.seq !== 'number') return null;
    return {
      seq: raw.seq,
      text: String(raw.text ?? ''),
      sentAt: raw.sentAt,
      clientMessageId: typeof raw.clientMessageId === 'string' ? raw.clientMessageId : null,
      sender: validMembers([raw.sender])[0] ?? { connectionId: '', name: 'Unknown' },
    };
  }

  /** Inserts into the seq-ordered array and returns the index used. */
  function insertSorted(messages, message) {
    let low = 0;
    let high = messages.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (messages[mid].seq < message.seq) low = mid + 1;
      else high = mid;
    }
    messages.splice(low, 0, message);
    return low;
  }

  /**
   * Adds server messages to a room once each, by seq: the server gives every message one seq and sends a resend
   * with the same seq (possibly to the whole room), so a seq the room has is skipped. A clientMessageId is not an
   * identity (any member may send one it saw), so it only settles a pending send of this page's own.
   * `live` = new traffic (counts as unread), `older` = a history page above.
   */
  function addMessages(room, list, { live = false, older = false } = {}) {
    const isCurrent = room.name === state.current;
    const scroll = isCurrent ? captureScroll() : null;
    let newFromOthers = 0;

    let lastFromOthers = null;
    for (const raw of Array.isArray(list) ? list : []) {
      const message = normalizeMessage(raw);
      if (!message) continue;
      message.own = state.myConnectionIds.has(message.sender.connectionId);
      if (message.own && message.clientMessageId !== null) settlePending(room, message.clientMessageId);
      if (room.seqs.has(message.seq)) continue;

      room.seqs.add(message.seq);
      message.el = messageElement(message);
      const index = insertSorted(room.messages, message);
      if (isCurrent) dom.messages.insertBefore(message.el, room.messages[index + 1]?.el ?? firstPendingElement(room));

      if (live && !message.own) {
        newFromOthers++;
        lastFromOthers = message;
        clearTyping(room, message.sender.connectionId);
      }
    }

    if (!isCurrent) {
      room.unread += newFromOthers;
      updateRoomItem(room);
      updateTitle();
      return;
    }
    if (older) keepScrollAnchor(scroll);
    else if (scroll.atBottom) scrollToBottom();
    else if (newFromOthers > 0) dom.jumpLatest.hidden = false;
    renderHistoryControls();
    if (newFromOthers === 1) announce(`${lastFromOthers.sender.name}: ${lastFromOthers.text.slice(0, 300)}`);
    else if (newFromOthers > 1) announce(`${newFromOthers} new messages in #${room.name}`);
  }

  function messageElement({ seq, clientMessageId, sender, text, sentAt, own }) {
    const item = el('li', own ? 'message own' : 'message');
    if (seq !== null && seq !== undefined) item.dataset.seq = String(seq);
    if (clientMessageId) item.dataset.clientMessageId = clientMessageId;

    const meta = el('div', 'message-meta');
    meta.append(...nameElements('message-sender', sender), timeElement(sentAt));
    const body = el('div', 'message-body');
    const textNode = el('div', 'message-text', text);
    textNode.dir = 'auto'; // right-to-left text lays out correctly
    body.append(meta, textNode);
    item.append(avatar(sender.name), body);
    return item;
  }

  function firstPendingElement(room) {
    for (const entry of room.pending.values()) {
      if (entry.el.parentNode === dom.messages) return entry.el;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending and pending messages
  // ---------------------------------------------------------------------------------------------

  function sendChatMessage(text) {
    const room = currentRoom();
    if (!room) return;
    const clientMessageId = newClientMessageId();

    const entry = { clientMessageId, room: room.name, text, status: 'waiting', failCode: null, sentGeneration: 0, timer: 0 };
    entry.el = messageElement({
      seq: null,
      clientMessageId,
      sender: { name: state.name, verified: state.verified },
      text,
      sentAt: new Date().toISOString(),
      own: true,
    });
    entry.el.classList.add('pending');
    entry.statusEl = el('div', 'message-status');
    entry.el.querySelector('.message-body').append(entry.statusEl);
    room.pending.set(clientMessageId, entry);

    dom.messages.append(entry.el);
    scrollToBottom();
    trySendPending(room, entry);
  }

  /** Sends a pending message now if the room is joined, otherwise it waits for the next rejoin. */
  function trySendPending(room, entry) {
    const payload = { action: 'sendmessage', room: room.name, text: entry.text, clientMessageId: entry.clientMessageId };
    if (room.status !== 'joined' || !send(payload)) {
      setPendingStatus(entry, 'waiting');
      return;
    }
    entry.sentGeneration = state.generation;
    setPendingStatus(entry, 'sending');
    entry.timer = setTimeout(() => failPending(entry, 'timeout'), ACK_TIMEOUT_MS);
  }

  /** After a (re)join: send whatever the catch-up did not already confirm, with the same clientMessageId. */
  function flushPending(room) {
    for (const entry of room.pending.values()) {
      if (entry.status === 'waiting' || (entry.status === 'sending' && entry.sentGeneration !== state.generation)) {
        trySendPending(room, entry);
      }
    }
  }

  function settlePending(room, clientMessageId) {
    const entry = room.pending.get(clientMessageId);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.el.remove();
    room.pending.delete(clientMessageId);
  }

  function findPending(clientMessageId) {
    for (const room of state.rooms.values()) {
      const entry = room.pending.get(clientMessageId);
      if (entry) return entry;
    }
    return null;
  }

  function failPending(entry, code) {
    setPendingStatus(entry, 'failed', code);
  }

  function setPendingStatus(entry, status, failCode = null) {
    clearTimeout(entry.timer);
    entry.status = status;
    entry.failCode = failCode;
    entry.el.dataset.status = status;
    entry.el.classList.toggle('failed', status === 'failed');

    const labels = {
      waiting: 'Waiting for connection…',
      sending: 'Sending…',
      failed: FAILURE_TEXT[failCode] ?? 'Not sent.',
    };
    entry.statusEl.replaceChildren(el('span', 'message-status-text', labels[status]));
    if (status !== 'failed') return;
    if (!PERMANENT_SEND_CODES.has(failCode)) {
      entry.statusEl.append(button('link-button', 'Retry', () => retryPending(entry)));
    }
    entry.statusEl.append(button('link-button', 'Discard', () => discardPending(entry)));
  }

  function retryPending(entry) {
    const room = state.rooms.get(entry.room);
    if (!room) return;
    setPendingStatus(entry, 'waiting');
    trySendPending(room, entry); // same clientMessageId, so the server never stores it twice
  }

  function discardPending(entry) {
    state.rooms.get(entry.room)?.pending.delete(entry.clientMessageId);
    clearTimeout(entry.timer);
    entry.el.remove();
  }

  // ---------------------------------------------------------------------------------------------
  // Rooms
  // ---------------------------------------------------------------------------------------------

  function currentRoom() {
    return state.rooms.get(state.current) ?? null;
  }

  function joinRoom(name) {
    let room = state.rooms.get(name);
    if (!room) {
      room = createRoom(name);
      state.rooms.set(name, room);
      room.listItem = roomItem(room);
      dom.rooms.append(room.listItem);
      if (isOnline()) sendJoin(room); // otherwise onOpen joins every room
    }
    storageSet(ROOM_STORAGE_KEY, name);
    switchRoom(name);
  }

  function leaveRoom(name) {
    if (!state.rooms.has(name)) return;
    if (isOnline()) {
      state.leaving.add(name);
      send({ action: 'leave', room: name });
    }
    removeRoom(name);
  }

  function removeRoom(name) {
    const room = state.rooms.get(name);
    if (!room) return;
    for (const entry of room.pending.values()) clearTimeout(entry.timer);
    clearAllTyping(room);
    room.listItem.remove();
    state.rooms.delete(name);
    if (state.current === name) {
      state.current = null;
      switchRoom(state.rooms.keys().next().value ?? null);
    }
    updateTitle();
  }

  function switchRoom(name) {
    const previous = currentRoom();
    if (previous) previous.scroll = captureScroll(); // also when re-rendering the same room
    state.current = name;
    const room = currentRoom();
    if (room) room.unread = 0;

    for (const other of state.rooms.values()) updateRoomItem(other);
    renderChat();
    closeSidebar();
    if (room && matchMedia('(pointer: fine)').matches) dom.composer.focus();
  }

  function roomItem(room) {
    const item = el('li', 'room');
    item.dataset.room = room.name;

    const open = button('room-button', '', () => switchRoom(room.name));
    open.append(el('span', 'room-hash', '#'), el('span', 'room-name', room.name), el('span', 'room-status'), el('span', 'unread'));
    const leave = button('room-leave', '×', () => leaveRoom(room.name), `Leave #${room.name}`);
    leave.title = `Leave #${room.name}`;
    item.append(open, leave);
    return item;
  }

  function updateRoomItem(room) {
    const item = room.listItem;
    if (!item) return;
    const active = room.name === state.current;
    item.classList.toggle('active', active);
    item.classList.toggle('joining', room.status !== 'joined');
    const open = item.querySelector('.room-button');
    if (active) open.setAttribute('aria-current', 'true');
    else open.removeAttribute('aria-current');
    item.querySelector('.room-status').textContent = room.status === 'joined' ? '' : 'joining…';

    const unread = item.querySelector('.unread');
    unread.hidden = room.unread === 0;
    unread.textContent = room.unread > 99 ? '99+' : String(room.unread);
    unread.setAttribute('aria-label', `${room.unread} unread`);
  }

  // ---------------------------------------------------------------------------------------------
  // History and scrolling
  // ---------------------------------------------------------------------------------------------

  function captureScroll() {
    const { scrollTop, scrollHeight, clientHeight } = dom.scroller;
    return { top: scrollTop, height: scrollHeight, atBottom: scrollHeight - scrollTop - clientHeight < NEAR_EDGE_PX };
  }

  /** After prepending older messages, keep the same message under the user's eyes. */
  function keepScrollAnchor(before) {
    dom.scroller.scrollTop = dom.scroller.scrollHeight - (before.height - before.top);
  }

  function scrollToBottom() {
    dom.scroller.scrollTop = dom.scroller.scrollHeight;
    dom.jumpLatest.hidden = true;
  }

  function requestOlder(room) {
    const oldest = room.messages[0];
    if (!oldest || !room.hasOlder || room.loadingOlder || room.status !== 'joined') return;
    if (!send({ action: 'history', room: room.name, before: oldest.seq, limit: HISTORY_PAGE_SIZE })) return;
    room.loadingOlder = true;
    renderHistoryControls();
  }

  /** With no scrollbar the user cannot scroll up to trigger paging, so keep loading until there is one. */
  function fillViewport(room) {
    if (dom.scroller.scrollHeight <= dom.scroller.clientHeight) requestOlder(room);
  }

  function onScroll() {
    const room = currentRoom();
    if (!room) return;
    if (dom.scroller.scrollTop < NEAR_EDGE_PX) requestOlder(room);
    if (captureScroll().atBottom) dom.jumpLatest.hidden = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Typing
  // ---------------------------------------------------------------------------------------------

  function clearTyping(room, connectionId) {
    const entry = room.typing.get(connectionId);
    if (!entry) return;
    clearTimeout(entry.timer);
    room.typing.delete(connectionId);
    if (room.name === state.current) renderTyping();
  }

  function clearAllTyping(room) {
    for (const connectionId of [...room.typing.keys()]) clearTyping(room, connectionId);
  }

  function maybeSendTyping() {
    const room = currentRoom();
    const now = Date.now();
    if (!room || room.status !== 'joined' || !dom.composer.value.trim()) return;
    if (now - room.lastTypingSentAt < TYPING_SEND_INTERVAL_MS) return;
    if (send({ action: 'typing', room: room.name })) room.lastTypingSentAt = now;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------------------------------

  function renderAll() {
    for (const room of state.rooms.values()) updateRoomItem(room);
    renderMembers();
    renderTyping();
    renderHistoryControls();
  }

  function renderConnState() {
    const waiting = state.conn === 'reconnecting' && state.reconnectTimer;
    const seconds = Math.max(1, Math.ceil((state.reconnectAt - Date.now()) / 1000));
    const labels = {
      connecting: 'Connecting…',
      online: 'Online',
      reconnecting: waiting ? `Reconnecting in ${seconds}s…` : 'Reconnecting…',
      offline: 'Offline',
    };
    dom.connectionState.dataset.state = state.conn;
    dom.connectionState.textContent = labels[state.conn];
    dom.reconnectButton.hidden = !waiting;
  }

  function renderChat() {
    const room = currentRoom();
    dom.noRoom.hidden = Boolean(room);
    dom.scroller.hidden = !room;
    dom.leaveButton.hidden = !room;
    dom.composer.disabled = !room;
    dom.jumpLatest.hidden = true;
    dom.roomTitle.textContent = room ? `# ${room.name}` : 'No room';
    dom.composer.placeholder = room ? `Message #${room.name}` : 'Join a room to chat';

    const pendingElements = room ? [...room.pending.values()].map((entry) => entry.el) : [];
    dom.messages.replaceChildren(...(room ? room.messages.map((m) => m.el) : []), ...pendingElements);

    if (room?.scroll && !room.scroll.atBottom) dom.scroller.scrollTop = room.scroll.top;
    else scrollToBottom();

    renderMembers();
    renderTyping();
    renderHistoryControls();
    updateComposer();
    updateTitle();
    if (room?.status === 'joined') fillViewport(room);
  }

  function renderHistoryControls() {
    const room = currentRoom();
    const showButton = Boolean(room?.hasOlder);
    dom.loadOlder.hidden = !showButton;
    dom.loadOlder.disabled = !room || room.loadingOlder || !isOnline();
    dom.loadOlder.textContent = room?.loadingOlder ? 'Loading…' : 'Load older messages';

    let startText = '';
    if (room && room.status === 'joined' && !room.hasOlder) {
      startText = room.messages.length ? `This is the beginning of #${room.name}.` : `No messages in #${room.name} yet — say hello!`;
    } else if (room && !room.joinedOnce) {
      startText = 'Loading messages…';
    }
    dom.historyStart.textContent = startText;
    dom.historyStart.hidden = !startText;
  }

  function renderMembers() {
    const room = currentRoom();
    const members = room ? [...room.members.values()] : [];
    members.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));

    dom.members.replaceChildren(...members.map((member) => {
      const item = el('li', 'member');
      item.dataset.connectionId = member.connectionId;
      item.append(avatar(member.name), ...nameElements('member-name', member));
      if (state.myConnectionIds.has(member.connectionId)) {
        item.classList.add('me');
        item.append(el('span', 'member-you', '(you)'));
      }
      return item;
    }));
    dom.memberCount.textContent = room ? `— ${members.length}` : '';
  }

  function renderTyping() {
    const room = currentRoom();
    const names = room ? [...room.typing.values()].map((t) => t.name) : [];
    let text = '';
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = 'Several people are typing…';
    dom.typing.textContent = text;
  }

  function updateComposer() {
    const length = dom.composer.value.length;
    const tooLong = length > MAX_TEXT_LENGTH;
    dom.sendButton.disabled = !currentRoom() || !dom.composer.value.trim() || tooLong;
    dom.charCount.textContent = length > MAX_TEXT_LENGTH - 500 ? `${length} / ${MAX_TEXT_LENGTH}` : '';
    dom.charCount.classList.toggle('over', tooLong);
    dom.composer.setAttribute('aria-invalid', String(tooLong));
  }

  function autosizeComposer() {
    dom.composer.style.height = 'auto';
    dom.composer.style.height = `${dom.composer.scrollHeight}px`; // capped by max-height in CSS
  }

  function updateTitle() {
    let unread = 0;
    for (const room of state.rooms.values()) unread += room.unread;
    document.title = unread ? `(${unread}) ChatRoom` : 'ChatRoom';
  }

  // ---------------------------------------------------------------------------------------------
  // Sign in / out
  // ---------------------------------------------------------------------------------------------

  function validateName(name) {
    if (!name) return 'Please enter a display name.';
    if (name.length > MAX_NAME_LENGTH) return `Display names can be at most ${MAX_NAME_LENGTH} characters.`;
    return '';
  }

  function validateRoom(room) {
    return ROOM_PATTERN.test(room) ? '' : ERROR_TEXT.invalid_room;
  }

  function showFormError(message, input) {
    dom.joinError.textContent = message;
    for (const field of [dom.nameInput, dom.roomInput, dom.tokenInput]) field.setAttribute('aria-invalid', String(field === input));
    if (input) input.focus();
  }

  function onJoinSubmit(event) {
    event.preventDefault();
    const roomName = dom.roomInput.value.trim() || (state.signedIn ? '' : DEFAULT_ROOM);
    const name = dom.nameInput.value.trim();

    const token = state.auth.tokens ? dom.tokenInput.value.trim() : '';
    if (!state.signedIn && state.auth.tokenRequired && !token) return showFormError('Paste your sign-in token.', dom.tokenInput);
    const nameError = state.signedIn || token ? '' : validateName(name);
    if (nameError) return showFormError(nameError, dom.nameInput);
    const roomError = validateRoom(roomName);
    if (roomError) return showFormError(roomError, dom.roomInput);
    showFormError('', null);

    if (!state.signedIn) signIn(token ? nameFromToken(token) || 'signed in' : name, token);
    joinRoom(roomName);
    dom.roomInput.value = '';
  }

  /** Reads the display name from a token's payload, for showing only: the server decides. */
  function nameFromToken(token) {
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
      const claims = JSON.parse(json);
      return String(claims.name || claims.preferred_username || claims.sub || '');
    } catch {
      return '';
    }
  }

  function tokenRefused(reason) {
    const message = reason
      ? `Your token was refused: ${reason}`
      : 'Could not connect with this token — it may be invalid or expired.';
    signOut();
    try { sessionStorage.removeItem(TOKEN_STORAGE_KEY); } catch { /* not available */ }
    dom.tokenInput.value = '';
    showFormError(message, dom.tokenInput);
  }

  function signIn(name, token) {
    state.name = name;
    state.token = token || '';
    state.signedIn = true;
    state.attempt = 0;
    state.everOnline = false;
    if (state.token) {
      try { sessionStorage.setItem(TOKEN_STORAGE_KEY, state.token); } catch { /* private mode */ }
    } else {
      storageSet(NAME_STORAGE_KEY, name);
    }

    // Reuse the same form (same ids) in the sidebar for joining more rooms.
    dom.sidebarFormSlot.append(dom.joinForm);
    dom.nameField.hidden = true;
    dom.tokenField.hidden = true;
    dom.roomLabel.textContent = 'Join a room';
    dom.roomInput.placeholder = 'room-name';
    dom.joinButton.textContent = 'Join';
    dom.userName.textContent = name;
    dom.userChip.hidden = false;
    dom.welcome.hidden = true;
    dom.chat.hidden = false;
    dom.body.classList.replace('signed-out', 'signed-in');
    connect();
  }

  function signOut() {
    disconnectByUser();
    for (const name of [...state.rooms.keys()]) removeRoom(name);
    state.signedIn = false;

    dom.welcomeCard.append(dom.joinForm);
    state.token = '';
    dom.tokenField.hidden = !state.auth.tokens;
    dom.nameField.hidden = state.auth.tokenRequired;
    dom.roomLabel.textContent = 'Room';
    dom.roomInput.value = storageGet(ROOM_STORAGE_KEY) || DEFAULT_ROOM;
    dom.joinButton.textContent = 'Join chat';
    dom.userChip.hidden = true;
    dom.chat.hidden = true;
    dom.welcome.hidden = false;
    dom.body.classList.replace('signed-in', 'signed-out');
    dom.nameInput.focus();
  }

  // ---------------------------------------------------------------------------------------------
  // Mobile sidebar
  // ---------------------------------------------------------------------------------------------

  function setSidebarOpen(open) {
    dom.body.classList.toggle('sidebar-open', open);
    dom.sidebarToggle.setAttribute('aria-expanded', String(open));
    dom.backdrop.hidden = !open;
  }

  function closeSidebar() {
    if (dom.body.classList.contains('sidebar-open')) setSidebarOpen(false);
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring
  // ---------------------------------------------------------------------------------------------

  function onComposerKeydown(event) {
    // isComposing: Enter also confirms IME input (e.g. Japanese) and must not send then.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      dom.composerForm.requestSubmit();
    }
  }

  function onComposerSubmit(event) {
    event.preventDefault();
    const text = dom.composer.value.replace(/\s+$/, '');
    if (!text.trim() || !currentRoom()) return;
    if (text.length > MAX_TEXT_LENGTH) {
      showNotice('invalid_text', ERROR_TEXT.invalid_text);
      return;
    }
    dom.composer.value = '';
    autosizeComposer();
    updateComposer();
    sendChatMessage(text);
  }

  function wireEvents() {
    dom.joinForm.addEventListener('submit', onJoinSubmit);
    dom.signOutButton.addEventListener('click', signOut);
    dom.reconnectButton.addEventListener('click', connect);
    dom.leaveButton.addEventListener('click', () => state.current && leaveRoom(state.current));
    dom.loadOlder.addEventListener('click', () => currentRoom() && requestOlder(currentRoom()));
    dom.jumpLatest.addEventListener('click', scrollToBottom);
    dom.scroller.addEventListener('scroll', onScroll, { passive: true });

    dom.composer.addEventListener('keydown', onComposerKeydown);
    dom.composer.addEventListener('input', () => {
      autosizeComposer();
      updateComposer();
      maybeSendTyping();
    });
    dom.composerForm.addEventListener('submit', onComposerSubmit);

    dom.sidebarToggle.addEventListener('click', () => setSidebarOpen(!dom.body.classList.contains('sidebar-open')));
    dom.backdrop.addEventListener('click', closeSidebar);
    document.addEventListener('keydown', (event) => event.key === 'Escape' && closeSidebar());

    // Coming back online: don't sit out the rest of the backoff.
    window.addEventListener('online', () => state.reconnectTimer && connect());
    // Leaving the page is intentional; a restored (back/forward cached) page reconnects.
    window.addEventListener('pagehide', () => {
      if (!state.socket) return;
      state.userClosed = true;
      state.socket.close(1000, 'Page closed');
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && state.signedIn && !isOnline()) connect();
    });
  }

  /** Asks the server whether it checks tokens; anything but a clear yes keeps the anonymous form. */
  async function loadAuthMode() {
    try {
      const response = await fetch('auth', { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const mode = await response.json();
      state.auth = { tokens: mode.tokens === true, tokenRequired: mode.tokenRequired === true };
    } catch {
      /* an older server without /auth: anonymous */
    }
    dom.tokenField.hidden = !state.auth.tokens;
    dom.nameField.hidden = state.auth.tokenRequired;
    if (state.auth.tokens) {
      try { dom.tokenInput.value = sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? ''; } catch { /* not available */ }
    }
  }

  async function start() {
    wireEvents();
    renderConnState();
    await loadAuthMode();

    const params = new URLSearchParams(location.search);
    const urlName = (params.get('name') ?? '').trim();
    const urlRoom = (params.get('room') ?? '').trim();
    dom.nameInput.value = urlName || storageGet(NAME_STORAGE_KEY);
    dom.roomInput.value = urlRoom || storageGet(ROOM_STORAGE_KEY) || DEFAULT_ROOM;

    // ?name=… means "take me straight in" (anonymous mode only: with tokens the user pastes one first).
    if (urlName && !state.auth.tokenRequired) dom.joinForm.requestSubmit();
    else if (state.auth.tokenRequired) dom.tokenInput.focus();
    else (dom.nameInput.value ? dom.roomInput : dom.nameInput).focus();
  }

  window.chatRoom = Object.freeze({
    socket: () => state.socket,
    state: () => state.conn,
  });

  start();
})();
