import { html, type SafeHtml } from './html.ts';

export interface FormGuard {
  interaction: string;
  csrf: string;
}

const guardFields = (guard: FormGuard) =>
  html`<input type="hidden" name="interaction" value="${guard.interaction}"><input type="hidden" name="csrf" value="${guard.csrf}">`;

const alert = (error: string | undefined) => (error ? html`<p class="error" role="alert">${error}</p>` : '');

export function loginForm(
  action: string,
  guard: FormGuard,
  heading: string,
  error?: string,
  username = '',
): SafeHtml {
  return html`<h1>${heading}</h1>${alert(error)}
<form method="post" action="${action}">${guardFields(guard)}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required value="${username}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`;
}

export function userCodeForm(guard: FormGuard, userCode = '', error?: string): SafeHtml {
  return html`<h1>Connect a device</h1><p>Enter the code shown on your device.</p>${alert(error)}
<form method="post" action="/device">${guardFields(guard)}
<label for="user_code">Code</label><input id="user_code" name="user_code" autocomplete="off" required value="${userCode}">
<button type="submit">Continue</button></form>`;
}

export function deviceDecisionForm(guard: FormGuard, clientName: string, userCode: string): SafeHtml {
  return html`<h1>Allow ${clientName}?</h1><p>A device showing the code <strong>${userCode}</strong> asks to use your account.</p>
<form method="post" action="/device/decision">${guardFields(guard)}
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`;
}
