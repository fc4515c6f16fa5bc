#!/usr/bin/env python3
# Writes the backup-code fixtures: what each site gives (or what a selection of
# its page pastes as), with fake codes from a seeded generator, and the
# expected codes beside each (`NAME.expected`: one per line, `used` as a second
# tab-separated column; empty when the text holds no codes).
# Run from this folder: python3 gen.py

import random, os
r = random.Random(20240305)
HEX='0123456789abcdef'; DIG='0123456789'; LA='abcdefghijklmnopqrstuvwxyz0123456789'; UA='ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
def rnd(alpha, n):
    while True:
        s=''.join(r.choice(alpha) for _ in range(n))
        if any(c.isdigit() for c in s) and (alpha==DIG or any(c.isalpha() for c in s)): return s
def grp(alpha, n, k, sep):
    while True:
        s=rnd(alpha, n*k)
        return sep.join(s[i*n:(i+1)*n] for i in range(k))
def write(name, text, expected, newline=b'\n', bom=False):
    data = text.replace('\n', newline.decode()).encode('utf-8')
    if bom: data = b'\xef\xbb\xbf' + data
    open(name+'.txt','wb').write(data)
    open(name+'.expected','w').write(''.join(c+('\tused' if u else '')+'\n' for c,u in expected))
NB='\u00a0'

# 1. GitHub download: 16 codes, hex xxxxx-xxxxx, one per line, nothing else.
gh=[grp(HEX,5,2,'-') for _ in range(16)]
write('github-recovery-codes', ''.join(c+'\n' for c in gh), [(c,False) for c in gh])

# 2. GitHub settings page, selected and pasted: two columns of bullets, buttons.
gh2=[grp(HEX,5,2,'-') for _ in range(16)]
rows=''.join(f'\u2022\t{gh2[i]}\t\u2022\t{gh2[i+8]}\n' for i in range(8))
t=f'''Two-factor recovery codes
Recovery codes can be used to access your account in the event you lose access to your device and cannot receive two-factor authentication codes.

Download, print, or copy your recovery codes before continuing two-factor authentication setup below.

Keep your recovery codes as safe as your password. We recommend saving them with a password manager such as 1Password, Authy, or Keeper.

{rows}
Download   Print   Copy

Generate new recovery codes
When you generate new recovery codes, you must download or print the new codes. Your old codes won't work anymore.
'''
write('github-settings-page-paste', t, [(gh2[i+k],False) for i in range(8) for k in (0,8)])  # no numbers: reading order

# 3. Google's Backup-codes-*.txt: two numbered columns, account, footer.
go=[grp(DIG,4,2,' ') for _ in range(10)]
rows=''.join(f'{i+1}. {go[i]}\t\t{i+6}. {go[i+5]}\n' for i in range(5))
t=f'''SAVE YOUR BACKUP CODES
Keep these backup codes somewhere safe but accessible.

{rows}
(alice.example@gmail.com)

* You can only use each backup code once.
* Need more? Visit g.co/2sv
* Generated: Mar 5, 2024, 2:05 PM
'''
write('google-backup-codes', t, [(go[i],False) for i in range(5)]+[(go[i+5],False) for i in range(5)])

# 4. Google account page, selection pasted: no-break spaces inside codes,
#    one code per line, buttons.
go2=[grp(DIG,4,2,' ') for _ in range(10)]
t='Backup codes\nalice.example@gmail.com\n\nPrint these codes and keep them somewhere safe. Each code can be used only once.\n\n' + \
  ''.join(c.replace(' ', NB)+'\n' for c in go2) + \
  '\nCreated March 5, 2024\n10 codes left\n\nGet new codes\nPrint codes\nDownload codes\n'
write('google-account-page-paste', t, [(c,False) for c in go2])

# 5. Microsoft account: one 25-character recovery code.
ms=grp(UA,5,5,'-')
t=f'''Save your recovery code
You'll need this code to get back into your account if you lose access to your security info. Print it out or write it down and keep it somewhere safe.

Your new recovery code:

{ms}

Next
'''
write('microsoft-recovery-code', t, [(ms,False)])

# 6. Microsoft, the code inside a sentence (an e-mail or a note).
ms2=grp(UA,5,5,'-')
t=f'''Microsoft account

Your new recovery code is {ms2}. Keep it with your other important documents.
Date: 05/03/2024 14:05
'''
write('microsoft-recovery-code-in-sentence', t, [(ms2,False)])

# 7. Dropbox settings page selection: ten 8-digit codes, bullets with NBSP.
db=[rnd(DIG,8) for _ in range(10)]
t='Save your backup codes\nIf you ever lose your phone or can\u2019t receive or generate a security code, you can use one of these codes to sign in. Each code can only be used once.\n\n' + \
  ''.join(f'\u2022{NB}{c}\n' for c in db) + '\nCopy codes\tPrint\tDownload .txt\n\nNext\n'
write('dropbox-backup-codes-page', t, [(c,False) for c in db])

# 8. Discord download: discord_backup_codes.txt
dc=[grp(LA,4,2,'-') for _ in range(10)]
t='These are your Discord backup codes for account alice#1234. Keep them safe!\n\n' + ''.join(f' * {c}\n' for c in dc)
write('discord-backup-codes', t, [(c,False) for c in dc])

# 9. Discord settings page pasted as Markdown: used codes struck through.
dc2=[grp(LA,4,2,'-') for _ in range(10)]
used={1,4,5}
cell=lambda i: f'~~{dc2[i]}~~' if i in used else dc2[i]
rows=''.join(f'- [ ] {cell(i)}\t- [ ] {cell(i+5)}\n' for i in range(5))
t=f'''## Backup Codes
Use these codes to access your account if you lose your authenticator. Each code can be used once. Used codes are crossed out.

{rows}
Generate New Codes
'''
write('discord-page-markdown-used', t, [(dc2[i+k],(i+k) in used) for i in range(5) for k in (0,5)])  # no numbers: reading order

# 10. X / Twitter: one 12-character backup code.
tw=rnd('abcdefghijklmnopqrstuvwxyz0123456789',12)
t=f'''Backup code
You can use this one-time backup code to log in to your account without receiving a login code. Make sure to copy it and store it somewhere safe.

{tw}

Get new code
'''
write('x-twitter-backup-code', t, [(tw,False)])

# 11. Facebook / Meta: ten numbered codes "xxxx xxxx".
fb=[grp(DIG,4,2,' ') for _ in range(10)]
t='Recovery codes\nUse these codes in place of the code from your authentication app or text message if you can\u2019t access your phone. Each code can only be used once.\n\n' + \
  ''.join(f'{i+1}. {c}\n' for i,c in enumerate(fb)) + '\nGet new codes\nDownload\nCopy\n'
write('facebook-recovery-codes', t, [(c,False) for c in fb])

# 12. Apple Account recovery key: 28 characters in 7 groups.
ap=grp(UA,4,7,'-')
t=f'''Your Recovery Key
Keep a printed copy of your recovery key in a safe place. You\u2019ll need it to reset your password or regain access to your Apple Account.

{ap}

Apple Account: alice@icloud.com
Created: Mar 5, 2024 at 14:05
Print   Copy
'''
write('apple-recovery-key', t, [(ap,False)])

# 13. GitLab download: gitlab-recovery-codes.txt, ten 16-hex codes.
gl=[rnd(HEX,16) for _ in range(10)]
write('gitlab-recovery-codes', ''.join(c+'\n' for c in gl), [(c,False) for c in gl])

# 14. A person's own notes, GitLab codes with the used markers people write.
gl2=[rnd(HEX,16) for _ in range(10)]
lines=[f'{gl2[0]} (used)', f'\u2713 used {gl2[1]}', f'{gl2[2]} used 2024-04-01', f'{gl2[3]}', f'{gl2[4]} \u2714\ufe0f',
       f'{gl2[5]}', f'[used] {gl2[6]}', f'{gl2[7]}', f'{gl2[8]} - USED', f'{gl2[9]}']
t='GitLab recovery codes (alice)\nsaved 2024-03-05\n\n' + '\n'.join(lines) + '\n'
u={0,1,2,4,6,8}
write('gitlab-notes-used-markers', t, [(c,i in u) for i,c in enumerate(gl2)])

# 15. Proton: recovery codes, 8 lower-case hex characters each.
pr=[rnd(HEX,8) for _ in range(6)]
t='Proton Account: alice@proton.me\nRecovery codes\n\nEach recovery code can be used only once. If you lose your two-factor device, use one of these codes to sign in.\n\n' + \
  ''.join(f'{c}\n' for c in pr) + '\nGenerated 2024-03-05 14:05 UTC\n'
write('proton-recovery-codes', t, [(c,False) for c in pr])

# 16. Bitwarden print page: one 32-character code shown in 8 groups of 4.
bw=grp(UA,4,8,' ')
t=f'''Your Bitwarden two-step login recovery code:
{bw}
Tue Mar 05 2024 14:05:12 GMT+0100 (Central European Standard Time)
'''
write('bitwarden-recovery-code-print', t, [(bw,False)])

# 17. npm CLI, `npm profile enable-2fa` transcript: QR art, the TOTP secret,
#     then tab-indented recovery codes (64 hex).
np_=[rnd(HEX,64) for _ in range(5)]
qr='\n'.join(''.join(r.choice('\u2588\u2580\u2584 ') for _ in range(29)) for _ in range(6))
t=f'''$ npm profile enable-2fa auth-and-writes
npm notice profile Enabling two factor authentication for auth-and-writes
npm password:
Scan into your authenticator app:
{qr}
 Or enter code: JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
And an OTP code from your authenticator: 123456
2FA successfully enabled. Below are your recovery codes, please print these out.
You will need these to recover access to your account if you lose your authentication device.
''' + ''.join(f'\t{c}\n' for c in np_)
write('npm-cli-enable-2fa', t, [(c,False) for c in np_])

# 18. Nintendo Account page saved on Windows: BOM and CRLF, "1)" numbering.
ni=[rnd(DIG,8) for _ in range(10)]
t='Backup Codes\nUse one of these codes to sign in if you can\'t receive a verification code. Each backup code can only be used once.\nNintendo Account: alice\nIssued: 2024/03/05 14:05\n\n' + \
  ''.join(f'{i+1}) {c}\n' for i,c in enumerate(ni))
write('nintendo-backup-codes', t, [(c,False) for c in ni], newline=b'\r\n', bom=True)

# 19. Amazon gives no backup codes: its 2SV page, with a phone number.
t='''Two-Step Verification (2SV) Settings
Enabled

Preferred method
Phone number ending in 4477
+1 (555) 010-4477
Change

Backup methods
Authenticator App\tAdded on March 5, 2024\tRemove
Add new app

Trusted devices
You can avoid receiving a code each time you sign in by making a device trusted.
Disable
'''
write('amazon-2sv-settings-no-codes', t, [])

# 20. Prose that only talks about codes.
t='''Two-factor authentication is on.
You have 10 codes left. Generated on 2024-03-05 at 14:05.
Account: alice
Contact alice@example.com or visit https://example.com/help/2fa
Keep these codes safe. You can only use each backup code once.

Download   Print   Copy
'''
write('no-codes-prose', t, [])

# 21. A generic page selection: buttons, mixed bullets, NBSP, (used) markers,
#     "10 codes" header, duplicated code in a second copy.
ge=[grp(LA,5,2,'-') for _ in range(10)]
bul=['\u2022','-','*','\u00b7','\u2022','-','*','\u00b7','\u2022','-']
u={2,7}
lines=[f'{bul[i]}{NB}{c}'+(' (used)' if i in u else '') for i,c in enumerate(ge)]
t='Backup codes \u2014 10 codes\nAccount: alice\n\nDownload\nPrint\nCopy\n\n' + '\n'.join(lines) + \
  f'\n\nYou can only use each backup code once.\nLast used: {ge[7]} on 2024-03-05 14:05\n'
write('generic-page-selection', t, [(c,i in u) for i,c in enumerate(ge)])

# 22. Twofold's own export (to_text), pinned.
tf=[grp(HEX,5,2,'-') for _ in range(6)]
u={0,3}
t='Backup codes for GitHub\nSaved in Twofold on 2024-03-05 (UTC). 4 of 6 codes left.\n\n' + ''.join(c+(' (used)' if i in u else '')+'\n' for i,c in enumerate(tf))
write('twofold-export', t, [(c,i in u) for i,c in enumerate(tf)])

# 23. A CLI table with box-drawing columns (OpenZiti-style output).
zt=[rnd(LA,6) for _ in range(10)]
top='\u250c'+'\u252c'.join(['\u2500'*8]*5)+'\u2510'
mid='\u251c'+'\u253c'.join(['\u2500'*8]*5)+'\u2524'
bot='\u2514'+'\u2534'.join(['\u2500'*8]*5)+'\u2518'
row=lambda cs: '\u2502'+''.join(f' {c} \u2502' for c in cs)
t='Code verified. These are your recovery codes. Save these codes somewhere safe.\n\n'+top+'\n'+row(zt[:5])+'\n'+mid+'\n'+row(zt[5:])+'\n'+bot+'\n'
write('cli-box-table', t, [(c,False) for c in zt])
