/* pressarchive: the release page. A link to a page of an attachment's text
   (#attachment-<id>-page-<n>, from the search page) opens the collapsed «Текст файла» around it
   and scrolls to it, on load and when the fragment changes. A page past what the release page
   shows (a cut text) opens the file's text, whose end says where the rest is. */
(function () {
  "use strict";
  function openTarget() {
    var found = /^#attachment-(\d+)-page-\d+$/.exec(location.hash);
    if (!found) {
      return;
    }
    var target = document.getElementById(location.hash.slice(1));
    var file = document.getElementById("attachment-" + found[1]);
    if (!target && file) {
      target = file.querySelector("details");
    }
    if (!target) {
      return;
    }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
    (target.tagName === "DETAILS" ? file : target).scrollIntoView();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
  window.addEventListener("hashchange", openTarget);
})();
