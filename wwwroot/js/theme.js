// The app bar's light/dark toggle (Layout/AppShell.razor): remembered per browser in a cookie, which the
// server reads to render every page in the chosen scheme (Layout/ThemePreference.cs).
export function remember(scheme) {
  document.cookie = `abl-theme=${scheme}; path=/; max-age=31536000; samesite=lax`;
}
