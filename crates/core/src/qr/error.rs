//! What can go wrong reading an image for QR codes, in words a person can act on.

/// Why an image gave no QR payloads.
///
/// Each case has its own message, because each asks something different of
/// the person: "that file is not a picture", "the picture has no QR code",
/// "that picture is suspiciously large".
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// The bytes are not any known image format.
    #[error("this file is not an image (expected a PNG, JPEG, WebP, BMP or GIF picture)")]
    NotAnImage,
    /// An image format Twofold does not read (its name, as detected).
    #[error("{format} images are not supported; save the picture as PNG or JPEG and try again")]
    UnsupportedFormat {
        /// The detected format, such as `TIFF`.
        format: String,
    },
    /// The image is damaged or truncated, so it cannot be decoded.
    #[error("the image is damaged and cannot be read ({reason})")]
    Corrupt {
        /// What the image decoder said.
        reason: String,
    },
    /// The image declares more pixels than [`MAX_PIXELS`](super::MAX_PIXELS) (or a side
    /// over [`MAX_SIDE`](super::MAX_SIDE)); refused before it is decoded.
    #[error("the image is too large: {width} x {height} pixels (at most {max} pixels, {max_side} per side)")]
    TooLarge {
        /// Declared width in pixels.
        width: u32,
        /// Declared height in pixels.
        height: u32,
        /// The most pixels accepted.
        max: u64,
        /// The longest side accepted.
        max_side: u32,
    },
    /// The file is larger than [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES); refused before it is read.
    #[error("the file is too large for an image: {size} bytes (at most {max})")]
    FileTooLarge {
        /// Size of the file in bytes.
        size: u64,
        /// The most bytes accepted.
        max: u64,
    },
    /// The image was read, and no QR code was found in it.
    #[error("no QR code was found in the image; make sure the whole code is visible, or zoom in and try again")]
    NoQrCode,
    /// A payload could not be turned into a QR code (for example, it is too long).
    #[error("cannot make a QR code: {0}")]
    Encode(String),
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl QrError {
    /// A stable, short identifier for the case, for JSON and the UI (never parse the message).
    pub fn code(&self) -> &'static str {
        match self {
            QrError::NotAnImage => "not_an_image",
            QrError::UnsupportedFormat { .. } => "unsupported_format",
            QrError::Corrupt { .. } => "corrupt_image",
            QrError::TooLarge { .. } => "image_too_large",
            QrError::FileTooLarge { .. } => "file_too_large",
            QrError::NoQrCode => "no_qr_code",
            QrError::Encode(_) => "encode_failed",
            QrError::Io(_) => "io",
        }
    }
}
