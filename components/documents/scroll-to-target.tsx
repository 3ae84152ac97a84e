"use client";

import { useEffect } from "react";

/**
 * Scrolls the passage named by the URL hash (#p-123) into view and focuses it once the page has
 * loaded: client-side navigation does not always scroll to a hash, and focus tells screen readers where they are.
 */
export function ScrollToTarget() {
  useEffect(() => {
    const reveal = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) return;
      const el = document.getElementById(id);
      if (!el) return;
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
    };
    reveal();
    window.addEventListener("hashchange", reveal);
    return () => window.removeEventListener("hashchange", reveal);
  }, []);
  return null;
}
