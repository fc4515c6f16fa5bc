// The frontend talks to this interface only: the Tauri implementation in the
// app, a mock in unit tests. Types mirror src-tauri/dto.rs.

export type OtpKind = 'totp' | 'hotp' | 'steam';

export interface CodeView {
  index: number;
  issuer: string | null;
  label: string;
  kind: OtpKind;
  code: string;
  next_code: string;
  period: number | null;
  seconds_left: number | null;
}

export interface Codes {
  /** The Unix second the codes were computed for. */
  at: number;
  items: CodeView[];
}

export interface Backend {
  listCodes(): Promise<Codes>;
}
