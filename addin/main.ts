import { start } from "./pane/start";

// The entry point, and the only place Office.onReady is called. Without office.js (it could not load),
// or outside Office (onReady reports no host), the pane runs in browser mode.
const root = document.getElementById("app") ?? document.body;
if (typeof Office === "undefined") void start(null, root);
else void Office.onReady((info) => start(info, root));
