// Sign-in steps modelled on real sites' markup (names, ids, autocomplete, inputmode, labels and
// the usual wrappers, written for these tests), and fields that look numeric but are not codes.
// `expect` is what the detector must find; `field` the input (or a split field's first box).

export interface Form {
  site: string;
  html: string;
  expect: 'single' | 'split' | 'none';
  field?: string;
  boxes?: number;
}

export const CODE_FIELDS: Form[] = [
  {
    site: 'GitHub',
    html: `<form action="/sessions/two-factor" method="post">
      <input type="hidden" name="authenticity_token" value="x">
      <label for="app_totp">Authentication code</label>
      <input type="text" name="app_otp" id="app_totp" class="form-control input-block" autocomplete="one-time-code"
             inputmode="numeric" pattern="([0-9]{6})|([0-9a-fA-F]{5}-?[0-9a-fA-F]{5})" autofocus>
      <button type="submit" class="btn btn-primary btn-block">Verify</button></form>`,
    expect: 'single',
    field: '#app_totp',
  },
  {
    site: 'Google',
    html: `<div jsname="x"><div class="Xb9hP"><input type="tel" class="whsOnd zHQkBf" jsname="YPqjbf" autocomplete="off"
             tabindex="0" aria-label="Enter code" name="totpPin" id="totpPin" dir="ltr" data-initial-dir="ltr"></div>
           <div class="AxOyFc snByac" aria-hidden="true">Enter code</div></div>
           <input type="checkbox" id="trustDevice" name="trustDevice"><label for="trustDevice">Don't ask again on this device</label>`,
    expect: 'single',
    field: '#totpPin',
  },
  {
    site: 'Microsoft',
    html: `<div id="idDiv_SAOTCC_Description" class="row text-body">Enter the code displayed in the Microsoft Authenticator app on your mobile device</div>
      <input name="otc" type="tel" id="idTxtBx_SAOTCC_OTC" maxlength="8" class="form-control" aria-required="true"
             aria-describedby="idDiv_SAOTCC_Description" placeholder="Code" aria-label="Code" autocomplete="off">
      <input type="checkbox" name="rememberMFA" id="idChkBx_SAOTCC_TD"><label for="idChkBx_SAOTCC_TD">Don't ask again for 90 days</label>`,
    expect: 'single',
    field: '#idTxtBx_SAOTCC_OTC',
  },
  {
    site: 'AWS',
    html: `<form id="mfa_form"><label for="mfacode">MFA code</label>
      <input id="mfacode" name="mfaCode" type="text" autocomplete="one-time-code" class="awsui-input">
      <button type="submit" id="submitMfa_button">Submit</button></form>`,
    expect: 'single',
    field: '#mfacode',
  },
  {
    site: 'Okta',
    html: `<form class="ion-form o-form"><div class="o-form-fieldset"><label for="input57">Enter code</label>
      <span class="o-form-input-name-credentials.passcode"><input type="text" name="credentials.passcode" id="input57" value=""
             autocomplete="one-time-code" aria-label="Enter code"></span></div>
      <input class="button button-primary" type="submit" value="Verify"></form>`,
    expect: 'single',
    field: '#input57',
  },
  {
    site: 'Discord',
    html: `<div class="inputWrapper"><input class="inputDefault" aria-label="Enter Discord Auth/Backup Code" name=""
             type="text" placeholder="6-digit authentication code/8-digit backup code" maxlength="10" autocomplete="one-time-code" spellcheck="false"></div>`,
    expect: 'single',
    field: 'input',
  },
  {
    site: 'Dropbox',
    html: `<form class="two-factor-form"><div class="dig-TextInputContainer"><input type="text" id="code" name="code"
             inputmode="numeric" maxlength="6" autocomplete="one-time-code" aria-label="6-digit code"></div>
      <input type="checkbox" name="remember_device" id="remember"><label for="remember">Trust this computer</label></form>`,
    expect: 'single',
    field: '#code',
  },
  {
    site: 'GitLab',
    html: `<form class="edit_user gl-show-field-errors" action="/users/sign_in"><div class="form-group">
      <label for="user_otp_attempt">Enter verification code</label>
      <input class="form-control gl-form-input" autocomplete="one-time-code" autofocus="autofocus" inputmode="numeric"
             type="text" name="user[otp_attempt]" id="user_otp_attempt"></div>
      <button type="submit" class="btn btn-confirm">Verify code</button></form>`,
    expect: 'single',
    field: '#user_otp_attempt',
  },
  {
    site: 'Cloudflare',
    html: `<form><div data-testid="two-factor-login-form"><label for="twofactor">Authentication code</label>
      <input id="twofactor" name="twoFactorCode" data-testid="two-factor-code-input" inputmode="numeric" maxlength="6" type="text">
      </div><button type="submit">Log in</button></form>`,
    expect: 'single',
    field: '#twofactor',
  },
  {
    site: 'Amazon',
    html: `<form id="auth-mfa-form" name="signIn" method="post"><label for="auth-mfa-otpcode">Enter OTP:</label>
      <input type="tel" maxlength="20" id="auth-mfa-otpcode" autocomplete="off" name="otpCode" class="a-input-text a-span12 auth-required-field">
      <input type="checkbox" name="rememberDevice" id="auth-mfa-remember-device"><label for="auth-mfa-remember-device">Don't require OTP on this browser</label>
      <input id="auth-signin-button" class="a-button-input" type="submit"></form>`,
    expect: 'single',
    field: '#auth-mfa-otpcode',
  },
  {
    site: 'X (Twitter)',
    html: `<div><label class="r-1roi411"><div><span id="lbl-code">Enter code</span></div>
      <input autocapitalize="none" autocomplete="on" autocorrect="off" inputmode="numeric" name="text" spellcheck="false"
             type="text" dir="auto" data-testid="ocfEnterTextTextInput" aria-labelledby="lbl-code" value=""></label></div>`,
    expect: 'single',
    field: 'input[name=text]',
  },
  {
    site: 'Facebook',
    html: `<form method="post" action="/checkpoint/"><input type="text" class="inputtext" id="approvals_code" name="approvals_code"
             placeholder="Login code" autocomplete="off" tabindex="1">
      <button type="submit" name="submit[Submit Code]" id="checkpointSubmitButton">Continue</button></form>`,
    expect: 'single',
    field: '#approvals_code',
  },
  {
    site: 'Salesforce',
    html: `<form id="editPage" name="editPage"><label for="emc">Verification Code</label>
      <input id="emc" name="emc" type="text" maxlength="6" inputmode="numeric" class="input wide">
      <input type="submit" id="save" name="save" class="button primary" value="Verify"></form>`,
    expect: 'single',
    field: '#emc',
  },
  {
    site: 'npm',
    html: `<form method="POST" action="/login/otp"><label for="login_otp">One-Time Password</label>
      <input type="text" inputmode="numeric" autocomplete="one-time-code" name="otp" id="login_otp" value="">
      <button type="submit">Verify</button></form>`,
    expect: 'single',
    field: '#login_otp',
  },
  {
    site: 'DigitalOcean',
    html: `<form><label for="code">Authentication code</label>
      <input type="text" id="code" name="code" inputmode="numeric" maxlength="6" required></form>`,
    expect: 'single',
    field: '#code',
  },
  {
    site: 'Heroku',
    html: `<form class="form" action="/login/two-factor"><input type="hidden" name="_csrf" value="x">
      <input type="text" id="code" name="code" autocomplete="one-time-code" autofocus required placeholder="Verification code">
      <button type="submit">Log In</button></form>`,
    expect: 'single',
    field: '#code',
  },
  {
    site: 'WordPress (Wordfence)',
    html: `<form name="loginform" id="loginform"><p><label for="wfls-token">2FA Code <a href="#">Remember for 30 days</a></label>
      <input type="text" name="wfls-token" id="wfls-token" aria-describedby="wfls-token-error" class="input" value="" size="6"
             maxlength="6" inputmode="numeric" autocomplete="off"></p></form>`,
    expect: 'single',
    field: '#wfls-token',
  },
  {
    site: 'Nextcloud',
    html: `<form method="POST" class="totp-form"><input type="tel" minlength="6" maxlength="10" name="challenge" required="required"
             autofocus autocomplete="one-time-code" inputmode="numeric" placeholder="Authentication code">
      <button class="primary two-factor-submit" type="submit">Submit</button></form>`,
    expect: 'single',
    field: 'input[name=challenge]',
  },
  {
    site: 'Proton',
    html: `<form name="totpForm"><label for="totp">Two-factor authentication code</label>
      <input autocomplete="one-time-code" autocapitalize="off" autocorrect="off" spellcheck="false" inputmode="numeric" id="totp"
             aria-invalid="false" class="input-element w-full" value=""></form>`,
    expect: 'single',
    field: '#totp',
  },
  {
    site: 'Bitwarden (Angular)',
    html: `<form><bit-form-field><label for="bit-input-3">Verification code</label>
      <input bitinput type="text" id="bit-input-3" formcontrolname="token" appinputverbatim inputmode="numeric"
             class="tw-block tw-w-full" aria-describedby="bit-hint-3"></bit-form-field></form>`,
    expect: 'single',
    field: '#bit-input-3',
  },
  {
    site: 'Coinbase',
    html: `<div data-testid="2fa-step"><input name="token" data-testid="2fa-input" type="tel" autocomplete="off"
             aria-label="Enter the 7-digit code from your authenticator app" maxlength="7"></div>`,
    expect: 'single',
    field: 'input[name=token]',
  },
  {
    site: 'Steam (one field)',
    html: `<form><label for="twofactorcode_entry">Steam Guard code</label>
      <input type="text" id="twofactorcode_entry" name="twofactorcode_entry" maxlength="5" autocomplete="off"></form>`,
    expect: 'single',
    field: '#twofactorcode_entry',
  },
  {
    site: 'a field known only by its label',
    html: `<form><label>Two-factor code <input type="text" name="field_12"></label></form>`,
    expect: 'single',
    field: 'input',
  },
  {
    site: 'a bare numeric field of six',
    html: `<form><input name="f1" inputmode="numeric" maxlength="6"></form>`,
    expect: 'single',
    field: 'input',
  },
  {
    site: 'Stripe (split)',
    html: `<form><fieldset aria-label="Verification code"><div class="CodeInput">
      ${[0, 1, 2, 3, 4, 5].map((i) => `<input type="text" inputmode="numeric" maxlength="1" autocomplete="${i === 0 ? 'one-time-code' : 'off'}" aria-label="Digit ${i + 1}" class="CodeInput-digit">`).join('')}
      </div></fieldset></form>`,
    expect: 'split',
    boxes: 6,
  },
  {
    site: 'PayPal (split)',
    html: `<form name="challenge"><div class="otp-boxes">
      ${[0, 1, 2, 3, 4, 5].map((i) => `<input type="tel" name="otpCode-${i}" id="ci-otpCode-${i}" maxlength="1" aria-label="${i + 1}-6" autocomplete="off">`).join('')}
      </div><button type="submit">Submit</button></form>`,
    expect: 'split',
    field: '#ci-otpCode-0',
    boxes: 6,
  },
  {
    site: 'Slack (split 3 + 3)',
    html: `<div class="split_input"><div class="split_input_group">
      ${[0, 1, 2].map((i) => `<div class="split_input_item"><input type="text" maxlength="1" aria-label="digit ${i + 1} of 6"></div>`).join('')}
      </div><div class="split_input_dash">–</div><div class="split_input_group">
      ${[3, 4, 5].map((i) => `<div class="split_input_item"><input type="text" maxlength="1" aria-label="digit ${i + 1} of 6"></div>`).join('')}
      </div></div>`,
    expect: 'split',
    boxes: 6,
  },
  {
    site: 'Twitch (split)',
    html: `<div class="Layout-sc"><div role="group" aria-label="Enter the code">
      ${[0, 1, 2, 3, 4, 5].map(() => `<div class="ScInputWrapper"><div><input type="text" inputmode="numeric" maxlength="1" autocomplete="one-time-code"></div></div>`).join('')}
      </div></div>`,
    expect: 'split',
    boxes: 6,
  },
  {
    site: 'an 8-digit split field',
    html: `<div class="otp">${[0, 1, 2, 3, 4, 5, 6, 7].map(() => `<input type="number" maxlength="1">`).join('')}</div>`,
    expect: 'split',
    boxes: 8,
  },
];

export const NOT_CODE_FIELDS: Form[] = [
  { site: 'a password field named otp', html: `<input type="password" name="otp" autocomplete="one-time-code" maxlength="6">`, expect: 'none' },
  { site: 'a password field of six digits', html: `<label>PIN <input type="password" inputmode="numeric" maxlength="6" name="pin"></label>`, expect: 'none' },
  { site: 'sign-in: username and password', html: `<form><input type="text" name="login" autocomplete="username"><input type="password" name="password" autocomplete="current-password"></form>`, expect: 'none' },
  { site: 'email', html: `<input type="email" name="email" autocomplete="email">`, expect: 'none' },
  { site: 'card number', html: `<input name="cardnumber" autocomplete="cc-number" inputmode="numeric" maxlength="19">`, expect: 'none' },
  { site: 'card CVC', html: `<input name="cvc" autocomplete="cc-csc" inputmode="numeric" maxlength="4" placeholder="CVC">`, expect: 'none' },
  { site: 'card security code by label', html: `<label for="f7">Card security code</label><input id="f7" name="f7" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'card expiry', html: `<input name="exp-date" autocomplete="cc-exp" inputmode="numeric" maxlength="7" placeholder="MM / YY">`, expect: 'none' },
  { site: 'card split in four boxes of four', html: `<div>${[0, 1, 2, 3].map(() => `<input name="cc" maxlength="4" inputmode="numeric">`).join('')}</div>`, expect: 'none' },
  { site: 'gift card code', html: `<input name="giftCardCode" maxlength="8" inputmode="numeric">`, expect: 'none' },
  { site: 'phone', html: `<input type="tel" name="phone" autocomplete="tel" maxlength="10">`, expect: 'none' },
  { site: 'mobile number of eight digits', html: `<input type="text" name="mobile" inputmode="numeric" maxlength="8">`, expect: 'none' },
  { site: 'phone by label only', html: `<label for="f2">Phone number</label><input id="f2" name="field_2" type="tel" maxlength="8">`, expect: 'none' },
  { site: 'phone with inputmode tel', html: `<input name="number" inputmode="tel" maxlength="8">`, expect: 'none' },
  { site: 'postcode', html: `<input name="postcode" maxlength="6" inputmode="numeric">`, expect: 'none' },
  { site: 'Indian PIN code (a postcode)', html: `<label for="pc">PIN code</label><input id="pc" name="pincode" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'US ZIP', html: `<input name="zip" autocomplete="postal-code" maxlength="5" inputmode="numeric">`, expect: 'none' },
  { site: 'postcode by autocomplete', html: `<input name="f9" autocomplete="shipping postal-code" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'date of birth', html: `<input name="dob" inputmode="numeric" maxlength="8" placeholder="DDMMYYYY">`, expect: 'none' },
  { site: 'date of birth by label', html: `<label for="b">Date of birth (DDMMYYYY)</label><input id="b" name="f3" inputmode="numeric" maxlength="8">`, expect: 'none' },
  { site: 'bank sort code', html: `<input name="sortCode" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'amount', html: `<input name="amount" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'quantity', html: `<input type="number" name="quantity" maxlength="6">`, expect: 'none' },
  { site: 'age', html: `<input type="number" name="age" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'search', html: `<input type="search" name="q" maxlength="6">`, expect: 'none' },
  { site: 'search by label', html: `<label for="s">Search</label><input id="s" name="q" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'promo code', html: `<input name="code" placeholder="Promo code" maxlength="8" inputmode="numeric">`, expect: 'none' },
  { site: 'invite code', html: `<input name="invite_code" inputmode="numeric" maxlength="6">`, expect: 'none' },
  { site: 'captcha', html: `<img alt="captcha"><input name="captcha" maxlength="6" autocomplete="off">`, expect: 'none' },
  { site: 'GitHub recovery code', html: `<label for="recovery_code">Recovery code</label><input type="text" name="recovery_code" id="recovery_code" autocomplete="off">`, expect: 'none' },
  { site: 'backup code by name', html: `<input name="backup_code" maxlength="8" inputmode="numeric">`, expect: 'none' },
  { site: 'a read-only token shown once', html: `<input type="text" name="token" readonly value="ghp_0000" maxlength="40">`, expect: 'none' },
  { site: 'a disabled code field', html: `<input name="otp" autocomplete="one-time-code" disabled>`, expect: 'none' },
  { site: 'a hidden code field', html: `<div style="display:none"><input name="otp" autocomplete="one-time-code"></div><input type="hidden" name="totp">`, expect: 'none' },
  { site: 'a code field in a hidden step', html: `<section hidden><input name="otp" autocomplete="one-time-code"></section>`, expect: 'none' },
  { site: 'six checkboxes', html: `<form>${[0, 1, 2, 3, 4, 5].map((i) => `<input type="checkbox" name="c${i}" maxlength="1">`).join('')}</form>`, expect: 'none' },
  { site: 'six radio buttons', html: `<form>${[0, 1, 2, 3, 4, 5].map(() => `<input type="radio" name="r" maxlength="1">`).join('')}</form>`, expect: 'none' },
  { site: 'a four-box PIN', html: `<div>${[0, 1, 2, 3].map(() => `<input type="tel" maxlength="1">`).join('')}</div>`, expect: 'none' },
  { site: 'one-character boxes far apart', html: `<div><div><div><div><input maxlength="1"><input maxlength="1"><input maxlength="1"></div></div></div></div><div><div><div><div><input maxlength="1"><input maxlength="1"><input maxlength="1"></div></div></div></div>`, expect: 'none' },
  { site: 'a plain text field of six', html: `<input type="text" name="nickname" maxlength="6">`, expect: 'none' },
  { site: 'a CVC of four named securityCode', html: `<input name="securityCode" maxlength="4" inputmode="numeric">`, expect: 'none' },
];
