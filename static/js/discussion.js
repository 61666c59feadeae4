// Live discussion: comments, replies and votes without reloading, over /ws/discussions/<id>/.
//
// Everything here is an enhancement: without this file the forms post and the page
// reloads. HTML always comes from the server (the same template partials as the page);
// this module only places it. Settings and texts arrive as data-* attributes on the
// <section class="discussion">.

const section = document.querySelector("section.discussion[data-discussion]");
if (section) {
  setUp(section);
}

function setUp(root) {
  const data = root.dataset;
  // The page carries no user id: whose a comment is, the server says (it renders the
  // viewer's own controls, or a live event's "mine").
  const signedIn = data.signedIn === "1";
  const isModerator = data.moderator === "1";
  const csrf = data.csrf || "";
  const announcer = root.querySelector("[data-announcer]");
  const liveStatus = root.querySelector("[data-live-status]");
  const presenceText = root.querySelector("[data-presence]");
  const paused = root.querySelector("[data-live-paused]");
  const countText = root.querySelector("[data-comment-count]");
  const mainForm = root.querySelector("form[data-comment-form]");
  const seen = new Set();
  // Comments this viewer just acted on: the action's own broadcast may arrive after the
  // response, and must not replace "Borraste tu comentario" with the announcement meant for
  // everyone else ("Un comentario fue borrado…").
  const ownActions = new Map();
  const OWN_ACTION_QUIET_MS = 10000;
  function actedOn(commentId) {
    ownActions.set(String(commentId), Date.now() + OWN_ACTION_QUIET_MS);
  }
  function isOwnAction(commentId) {
    const until = ownActions.get(String(commentId));
    return until !== undefined && Date.now() < until;
  }
  let lastEventId = Number(data.lastEvent || 0);

  // --- Preparing server HTML for this viewer -------------------------------------------

  // Broadcast fragments are viewer-neutral: fill the CSRF token and show the controls that
  // belong to the person watching (the server checks every action anyway). `mine` is the
  // event's word on whether the comment is this viewer's; undefined for HTML the server
  // rendered for this viewer, which is right as it comes.
  function prepare(container, mine) {
    for (const field of container.querySelectorAll("input[data-csrf-field]")) {
      field.value = csrf;
    }
    if (mine !== undefined) {
      for (const own of container.querySelectorAll(".comment__own")) {
        own.hidden = !(signedIn && mine === true);
      }
      // "Reportar" is for signed-in people on others' comments.
      for (const others of container.querySelectorAll(".comment__others")) {
        others.hidden = !(signedIn && mine !== true);
      }
    }
    for (const mod of container.querySelectorAll("[data-moderator-only]")) {
      mod.hidden = !isModerator;
    }
    // "Responder" opens a copy of the comment form: nothing to open for viewers without
    // one (signed out, or not allowed to comment here).
    for (const reply of container.querySelectorAll("a[data-reply]")) {
      reply.hidden = !mainForm;
    }
    // Signed-out visitors, viewers who may not take part here, and authors on their own
    // comments see plain counts, as the page renders them: live fragments carry both the
    // buttons and the counts, and one of them goes.
    for (const form of container.querySelectorAll("form[data-vote-form]")) {
      const canVote = signedIn && Boolean(mainForm) && mine !== true;
      const counts = form.parentElement?.querySelector(":scope > p[data-vote-counts]");
      if (counts) {
        if (canVote) {
          counts.remove();
        } else {
          counts.hidden = false;
          form.remove();
        }
      } else if (!canVote) {
        for (const button of form.querySelectorAll("button")) {
          button.disabled = true;
        }
      }
    }
  }

  function fragment(html, mine) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    prepare(template.content, mine);
    return template.content;
  }

  function announce(text) {
    if (!announcer || !text) {
      return;
    }
    // Clearing first makes screen readers repeat an identical message.
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  // What a scripted action did, reported as the reload without this script would: in the
  // page's message area (replacing whatever an earlier page load left there, which is about
  // something else) and aloud in the status region. The new box has no live role of its
  // own, so screen readers hear it once.
  function report(text, kind = "success") {
    if (!text) {
      return;
    }
    const main = document.querySelector("main");
    keepReadingPosition(() => {
      for (const old of document.querySelectorAll("main .messages")) {
        old.remove();
      }
      if (main) {
        const box = document.createElement("div");
        box.className = "messages";
        box.dataset.reported = "";
        const line = document.createElement("p");
        line.className = `message message--${kind}`;
        line.textContent = text;
        box.append(line);
        main.prepend(box);
      }
    });
    announce(text);
  }

  // New content above the reader must not push what they are reading down the page.
  function keepReadingPosition(change) {
    const cards = root.querySelectorAll("[data-comment-card]");
    let anchor = null;
    for (const card of cards) {
      if (card.getBoundingClientRect().bottom > 0) {
        anchor = card;
        break;
      }
    }
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected && window.scrollY > 0) {
      const shift = anchor.getBoundingClientRect().top - before;
      if (shift !== 0) {
        window.scrollBy(0, shift);
      }
    }
  }

  function markNew(element) {
    element.classList.add("is-new");
    window.setTimeout(() => element.classList.remove("is-new"), 6000);
  }

  // --- Applying events -----------------------------------------------------------------

  // A comment deleted before anyone replied leaves the thread (no placeholder). Focus
  // inside it moves to the comment it answered, or to the list.
  function removeItem(commentId) {
    const item = document.getElementById(`comentario-${commentId}`);
    if (!item) {
      return;
    }
    const replies = item.parentElement;
    const holder = replies?.closest("li[data-comment]");
    if (item.contains(document.activeElement)) {
      const target = holder || root;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
    item.remove();
    if (replies && replies.matches(".comment-replies") && !replies.children.length) {
      replies.remove();
    }
  }

  function replaceCard(commentId, html, mine) {
    const item = document.getElementById(`comentario-${commentId}`);
    if (!item) {
      return false;
    }
    const oldCard = item.querySelector(":scope > [data-comment-card]");
    const pressed = oldCard
      ? Array.from(oldCard.querySelectorAll(".vote"), (b) => b.getAttribute("aria-pressed"))
      : [];
    const newCard = fragment(html, mine).querySelector("[data-comment-card]");
    if (!oldCard || !newCard) {
      return false;
    }
    // The viewer's own vote is not in a broadcast: keep it.
    newCard.querySelectorAll(".vote").forEach((button, index) => {
      if (pressed[index]) {
        button.setAttribute("aria-pressed", pressed[index]);
      }
    });
    // What the server rendered for this viewer alone about a text others do not see (its
    // author's hidden text and appeal link, a moderator's original) is not in a broadcast:
    // keep it while the comment stays a placeholder.
    const actions = newCard.querySelector(".comment__actions");
    if (actions && newCard.classList.contains("comment--placeholder")) {
      for (const own of oldCard.querySelectorAll("[data-viewer-only]")) {
        actions.append(own);
      }
    }
    const hadFocus = oldCard.contains(document.activeElement);
    keepReadingPosition(() => oldCard.replaceWith(newCard));
    if (hadFocus) {
      item.focus({ preventScroll: true });
    }
    return true;
  }

  function listFor(event) {
    if (data.view === "columnas") {
      return root.querySelector(`[data-thread-list][data-alignment="${event.alignment}"]`);
    }
    return root.querySelector("[data-thread-list]");
  }

  function insertItem(event, html, mine) {
    const content = fragment(html, mine);
    const item = content.querySelector("li[data-comment]");
    if (!item) {
      return false;
    }
    if (event.parent) {
      const parent = document.getElementById(`comentario-${event.parent}`);
      if (!parent) {
        return false;
      }
      let replies = parent.querySelector(":scope > ol.comment-replies");
      keepReadingPosition(() => {
        if (!replies) {
          replies = document.createElement("ol");
          replies.className = "comment-replies";
          replies.dataset.repliesFor = String(event.parent);
          parent.append(replies);
        }
        replies.append(item);
      });
    } else {
      const list = listFor(event);
      if (!list) {
        return false;
      }
      const around = list.closest("section") || root;
      const complete = !around.querySelector("[data-more-url]");
      keepReadingPosition(() => {
        if (data.sort === "recientes" || !data.sort) {
          list.prepend(item);
        } else if (complete) {
          list.append(item);
        }
      });
      if (!item.isConnected) {
        return false;
      }
      root.querySelector("[data-empty]")?.remove();
    }
    markNew(item);
    return true;
  }

  function updateCounts(event) {
    const item = document.getElementById(`comentario-${event.comment}`);
    const card = item?.querySelector(":scope > [data-comment-card]");
    if (!card) {
      return;
    }
    const up = card.querySelector('[data-count="up"]');
    const down = card.querySelector('[data-count="down"]');
    if (up) up.textContent = String(event.up);
    if (down) down.textContent = String(event.down);
  }

  function apply(event) {
    if (seen.has(event.id)) {
      return;
    }
    seen.add(event.id);
    lastEventId = Math.max(lastEventId, event.id);
    if (typeof event.count === "number" && countText) {
      countText.textContent = String(event.count);
    }
    if (event.kind === "comment.voted") {
      updateCounts(event);
      return;
    }
    if (event.removed) {
      removeItem(event.comment);
      if (event.announce && !isOwnAction(event.comment)) {
        announce(event.announce);
      }
      return;
    }
    if (!event.html) {
      return;
    }
    const exists = document.getElementById(`comentario-${event.comment}`);
    const mine = event.mine === true;
    if (exists) {
      replaceCard(event.comment, event.html, mine);
    } else if (event.kind === "comment.created") {
      insertItem(event, event.html, mine);
    }
    if (event.announce && !isOwnAction(event.comment)) {
      announce(event.announce);
    }
  }

  // --- The socket ----------------------------------------------------------------------

  let socket = null;
  let retries = 0;
  let pingTimer = 0;
  let pongTimer = 0;
  let reconnectTimer = 0;

  function showPresence(count) {
    if (!presenceText || typeof count !== "number") {
      return;
    }
    const template = count === 1 ? data.tPresenceOne : data.tPresenceMany;
    presenceText.textContent = (template || "{n}").replace("{n}", String(count));
  }

  // "Live updates are paused", in a status region that is always in the page so screen
  // readers announce it when it appears; it goes once the socket says hello again (and the
  // catch-up brings what was missed). Unless the page must be reloaded: that stays.
  const pausedText = paused ? paused.textContent : "";
  let mustReload = false;

  function setLive(isLive) {
    if (liveStatus) liveStatus.hidden = !isLive;
    if (paused && !mustReload) {
      paused.textContent = pausedText;
      paused.hidden = isLive;
    }
    root.dataset.live = isLive ? "on" : "paused";
  }

  function connect() {
    window.clearTimeout(reconnectTimer);
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${window.location.host}${data.wsPath}`);
    socket = ws;
    ws.addEventListener("open", () => {
      ws.send(JSON.stringify({ type: "resume", after: lastEventId }));
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(JSON.stringify({ type: "ping" }));
        window.clearTimeout(pongTimer);
        // No answer in 10 s: the server or the network is gone.
        pongTimer = window.setTimeout(() => ws.close(), 10000);
      }, 25000);
    });
    ws.addEventListener("message", (message) => {
      let payload;
      try {
        payload = JSON.parse(message.data);
      } catch {
        return;
      }
      switch (payload.type) {
        case "hello":
          // Only a room that answered resets the backoff: a server that accepts and then
          // says "paused" (Redis down) is retried ever more slowly.
          retries = 0;
          setLive(true);
          showPresence(payload.presence);
          break;
        case "pong":
          window.clearTimeout(pongTimer);
          showPresence(payload.presence);
          break;
        case "presence":
          showPresence(payload.count);
          break;
        case "event":
          apply(payload);
          break;
        case "catchup": {
          let created = 0;
          for (const event of payload.events) {
            if (!seen.has(event.id) && event.kind === "comment.created" &&
                !document.getElementById(`comentario-${event.comment}`)) {
              created += 1;
            }
            apply(event);
          }
          lastEventId = Math.max(lastEventId, payload.last || 0);
          if (created > 0) {
            announce((created === 1 ? data.tMissedOne : data.tMissedMany || "")
              .replace("{n}", String(created)));
          }
          break;
        }
        case "reload":
          if (paused) {
            mustReload = true;
            paused.hidden = false;
            paused.textContent = data.tReload || "";
          }
          break;
        case "paused":
          // Redis is unreachable: the server closes next (4503) and the page retries.
          setLive(false);
          break;
        default:
          break;
      }
    });
    ws.addEventListener("close", (event) => {
      window.clearInterval(pingTimer);
      window.clearTimeout(pongTimer);
      if (socket !== ws) {
        return;
      }
      setLive(false);
      socket = null;
      // 4404: this page may no longer be watched (hidden meanwhile): retrying cannot help.
      // Anything else (4503 live updates paused, 4429, a dropped network) is retried.
      if (event.code === 4404) {
        return;
      }
      // 1 s, 2 s, 4 s ... up to 15 s, with jitter so a restarted server is not stampeded.
      const delay = Math.min(15000, 1000 * 2 ** retries) * (0.75 + Math.random() / 2);
      retries += 1;
      reconnectTimer = window.setTimeout(connect, delay);
    });
  }

  window.addEventListener("offline", () => socket?.close());
  window.addEventListener("online", () => {
    if (!socket) {
      retries = 0;
      connect();
    }
  });

  // --- Forms: post, reply, vote, delete, moderate, see more -----------------------------

  async function send(form, extra) {
    const body = new FormData(form);
    if (extra) {
      body.append(extra.name, extra.value);
    }
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.redirected && response.url.includes("/cuenta/")) {
      window.location.assign(data.loginUrl);
      return null;
    }
    let payload = {};
    try {
      payload = await response.json();
    } catch {
      payload = { error: data.tError };
    }
    return { ok: response.ok, status: response.status, payload };
  }

  function showFormErrors(form, errors) {
    const general = form.querySelector("[data-form-errors]");
    const bodyError = form.querySelector("[data-body-error]");
    const textarea = form.querySelector("textarea");
    const fieldMessages = (errors && errors.body) || [];
    const otherMessages = [];
    for (const [field, messages] of Object.entries(errors || {})) {
      if (field !== "body") otherMessages.push(...messages);
    }
    if (bodyError && textarea) {
      bodyError.textContent = fieldMessages.join(" ");
      bodyError.hidden = fieldMessages.length === 0;
      const described = new Set((textarea.getAttribute("aria-describedby") || "").split(" "));
      if (fieldMessages.length) {
        textarea.setAttribute("aria-invalid", "true");
        described.add(bodyError.id);
      } else {
        textarea.removeAttribute("aria-invalid");
        described.delete(bodyError.id);
      }
      textarea.setAttribute("aria-describedby", Array.from(described).filter(Boolean).join(" "));
    }
    if (general) {
      general.replaceChildren(
        ...otherMessages.map((text) => {
          const p = document.createElement("p");
          p.textContent = text;
          return p;
        }),
      );
      general.hidden = otherMessages.length === 0;
    }
    if (fieldMessages.length && textarea) {
      textarea.focus();
    }
  }

  async function submitComment(form) {
    const button = form.querySelector("[data-submit]");
    if (button) button.disabled = true;
    let result = null;
    try {
      result = await send(form);
    } catch {
      showFormErrors(form, { __all__: [data.tNetwork] });
      return;
    } finally {
      if (button) button.disabled = false;
    }
    if (!result) return;
    if (!result.ok) {
      // The text stays in the field: nothing typed is lost.
      showFormErrors(form, result.payload.errors || { __all__: [result.payload.error] });
      return;
    }
    showFormErrors(form, {});
    const { payload } = result;
    actedOn(payload.comment);
    const event = { parent: payload.parent, alignment: form.elements.alignment?.value };
    const exists = document.getElementById(`comentario-${payload.comment}`);
    if (!exists) {
      insertItem({ ...event, alignment: event.alignment || "neutral" }, payload.html);
    }
    if (countText && typeof payload.count === "number") {
      countText.textContent = String(payload.count);
    }
    report(payload.message);
    if (form === mainForm) {
      const textarea = form.querySelector("textarea");
      textarea.value = "";
      // The counter (counter.js) counts again; the preview of the posted text goes.
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      form.querySelector("[data-preview-output]")?.replaceChildren();
    } else {
      form.remove();
      document.getElementById(`comentario-${payload.comment}`)?.focus();
    }
  }

  function openReplyForm(link) {
    if (!mainForm) {
      return false;
    }
    const parentId = link.dataset.reply;
    const item = document.getElementById(`comentario-${parentId}`);
    if (!item) {
      return false;
    }
    root.querySelector("form[data-reply-form]")?.remove();
    const form = mainForm.cloneNode(true);
    form.removeAttribute("id");
    form.dataset.replyForm = parentId;
    form.classList.add("comment-form--reply");
    form.querySelector("[data-reply-context]")?.remove();
    form.querySelector("[data-alignment-field]")?.remove();
    form.querySelector("[data-parent-field]").value = parentId;
    const suffix = `responder-${parentId}`;
    for (const element of form.querySelectorAll("[id]")) {
      const old = element.id;
      element.id = old.replace("comentar", suffix);
      const label = form.querySelector(`label[for="${old}"]`);
      if (label) label.htmlFor = element.id;
    }
    const textarea = form.querySelector("textarea");
    textarea.value = "";
    form.querySelector("[data-preview-output]")?.replaceChildren();
    form.querySelector(".counter")?.replaceChildren();
    textarea.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby")
      .replaceAll("comentar", suffix));
    const label = form.querySelector(`label[for="${textarea.id}"]`);
    if (label) label.textContent = data.tReplyLabel.replace("{name}", link.dataset.name || "");
    const submit = form.querySelector("[data-submit]");
    submit.textContent = data.tReplySubmit;
    const cancel = form.querySelector("[data-cancel-reply]");
    cancel.hidden = false;
    cancel.addEventListener("click", () => {
      form.remove();
      link.focus();
    });
    showFormErrors(form, {});
    item.querySelector(":scope > [data-comment-card]").after(form);
    textarea.focus();
    return true;
  }

  async function vote(form, submitter) {
    form.parentElement.querySelector(":scope > .vote-error")?.remove();
    let result;
    try {
      result = await send(form, { name: "value", value: submitter.value });
    } catch {
      result = { ok: false, payload: { error: data.tNetwork } };
    }
    if (!result) return;
    if (!result.ok) {
      const error = document.createElement("p");
      error.className = "field-error vote-error";
      error.setAttribute("role", "alert");
      error.textContent = result.payload.error || data.tError;
      form.after(error);
      return;
    }
    const { up, down, mine, message } = result.payload;
    form.querySelector('[data-count="up"]').textContent = String(up);
    form.querySelector('[data-count="down"]').textContent = String(down);
    form.querySelector(".vote--up").setAttribute("aria-pressed", String(mine === 1));
    form.querySelector(".vote--down").setAttribute("aria-pressed", String(mine === -1));
    report(message);
  }

  async function replaceFromResponse(form) {
    // Read before waiting: the action's own broadcast may replace the card (and detach
    // this form) before the response arrives.
    const item = form.closest("li[data-comment]");
    let result;
    try {
      result = await send(form);
    } catch {
      report(data.tNetwork, "error");
      return;
    }
    if (!result) return;
    if (!result.ok || !item) {
      report(result.payload.error || data.tError, "error");
      return;
    }
    actedOn(item.dataset.comment);
    if (result.payload.removed) {
      removeItem(item.dataset.comment);
    } else {
      replaceCard(item.dataset.comment, result.payload.html);
    }
    report(result.payload.message);
  }

  async function seeMore(link) {
    link.setAttribute("aria-busy", "true");
    let html;
    try {
      const response = await fetch(link.dataset.moreUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch {
      // Fall back to the plain link.
      window.location.assign(link.href);
      return;
    }
    const content = fragment(html);
    const container = link.closest("[data-more]");
    const list = container.parentElement.querySelector("[data-thread-list]");
    let first = null;
    for (const item of content.querySelectorAll("ol > li[data-comment]")) {
      if (item.parentElement.closest("li[data-comment]")) continue;
      if (document.getElementById(item.id)) continue;
      list.append(item);
      first = first || item;
    }
    const next = content.querySelector("[data-more]");
    container.replaceWith(next || document.createElement("div"));
    // Keyboard users continue from the first new comment.
    first?.focus();
  }

  async function expandThread(link) {
    const item = link.closest("li[data-comment]");
    let html;
    try {
      const response = await fetch(link.dataset.threadUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch {
      window.location.assign(link.href);
      return;
    }
    const shown = new Set(Array.from(item.querySelectorAll("li[data-comment]"), (li) => li.id));
    const whole = fragment(html).querySelector("li[data-comment]");
    if (!whole) return;
    item.replaceWith(whole);
    // Keyboard users continue from the first reply they had not seen.
    const first = Array.from(whole.querySelectorAll("li[data-comment]"))
      .find((li) => !shown.has(li.id));
    first?.focus();
  }

  root.addEventListener("click", (event) => {
    const reply = event.target.closest("a[data-reply]");
    if (reply && root.contains(reply)) {
      const name = reply.closest("[data-comment-card]")
        ?.querySelector(".comment__author")?.textContent || "";
      reply.dataset.name = name.trim();
      if (openReplyForm(reply)) event.preventDefault();
      return;
    }
    const thread = event.target.closest("a[data-thread-url]");
    if (thread) {
      event.preventDefault();
      expandThread(thread);
      return;
    }
    const more = event.target.closest("a[data-more-url]");
    if (more) {
      event.preventDefault();
      seeMore(more);
    }
  });

  root.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-comment-form]")) {
      event.preventDefault();
      submitComment(form);
    } else if (form.matches("[data-vote-form]")) {
      event.preventDefault();
      if (event.submitter) vote(form, event.submitter);
    } else if (form.closest(".comment__own, [data-moderator-only]")) {
      if (form.dataset.ask && !window.confirm(form.dataset.ask)) {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      replaceFromResponse(form);
    }
  });

  prepare(root);
  if ("WebSocket" in window && data.wsPath) {
    connect();
  }
}
