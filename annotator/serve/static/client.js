// The browser side of a session: xterm.js draws what the app writes, and every key, mouse event
// and resize goes back over one websocket. Text from the server reaches the page only through
// textContent, never as HTML.
(function () {
  "use strict";
  const term = new Terminal({
    fontFamily: '"DejaVu Sans Mono", monospace',
    fontSize: 16,
    scrollback: 0,
    cursorBlink: false,
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("terminal"));
  fit.fit();

  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(
    `${scheme}//${location.host}/ws?width=${term.cols}&height=${term.rows}`
  );
  ws.binaryType = "arraybuffer";
  let noticed = false;

  function show(text) {
    noticed = true;
    document.getElementById("notice-text").textContent = text;
    document.getElementById("notice").hidden = false;
    document.body.classList.add("-ended");
  }
  function send(message) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  ws.onmessage = (event) => {
    if (typeof event.data === "string") {
      const [kind, text] = JSON.parse(event.data);
      if (kind === "notice") show(text);
    } else {
      term.write(new Uint8Array(event.data));
    }
  };
  ws.onopen = () => term.focus();
  ws.onclose = () => {
    if (!noticed) show("The session has ended.");
  };
  term.onData((data) => send(["stdin", data]));
  term.onResize(({ cols, rows }) => send(["resize", { width: cols, height: rows }]));
  window.addEventListener("resize", () => fit.fit());
  window.addEventListener("focus", () => send(["focus"]));
  window.addEventListener("blur", () => send(["blur"]));
})();
