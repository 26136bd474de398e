//! Writing to stdout. `println!` panics when the reader has gone away (`goldseam incidents |
//! head`); a command whose output is no longer wanted should just stop, quietly and
//! successfully, as other Unix tools do.

use std::io::Write;

/// Writes formatted text to stdout, exiting quietly if stdout was closed.
pub fn write(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing to stdout: {e}");
        std::process::exit(1);
    }
}

/// Like `println!`, for command output.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::out::write(format_args!($($arg)*), true)
    };
}

/// Like `print!`, for command output.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::write(format_args!($($arg)*), false)
    };
}

pub(crate) use {out, outln};
