//! Is this executable static? The answer is in its ELF headers, not in its
//! name or in what `ldd` guesses: a dynamically linked program names its
//! loader in a `PT_INTERP` program header and the libraries it needs in
//! `DT_NEEDED` entries of its dynamic section. A static binary has neither;
//! a static-pie one still has a dynamic section (for relocating itself at
//! load) but no loader and no libraries.
//!
//! Only 64-bit little-endian ELF is read (x86-64 and aarch64 Linux): that is
//! what the bridge ships for.

use std::fmt;

// ANCHOR: linkage
/// How an executable gets the code it does not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linkage {
    /// Everything is inside; loaded at a fixed address (`ET_EXEC`).
    Static,
    /// Everything is inside, and it relocates itself wherever the kernel
    /// maps it (`ET_DYN` without a loader): what Rust's musl target builds.
    StaticPie,
    /// The kernel starts `interpreter`, which loads `needed` first.
    Dynamic {
        interpreter: Option<String>,
        needed: Vec<String>,
    },
}
// ANCHOR_END: linkage

impl Linkage {
    /// True when the binary runs with no file of the system beside it.
    pub fn is_static(&self) -> bool {
        !matches!(self, Linkage::Dynamic { .. })
    }
}

impl fmt::Display for Linkage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Linkage::Static => f.write_str("static: no loader, no shared libraries"),
            Linkage::StaticPie => {
                f.write_str("static-pie: no loader, no shared libraries, relocates itself")
            }
            Linkage::Dynamic {
                interpreter,
                needed,
            } => {
                write!(f, "dynamic: loader ")?;
                match interpreter {
                    Some(path) => write!(f, "{path}")?,
                    None => write!(f, "(none)")?,
                }
                write!(f, ", needs {}", needed.join(", "))
            }
        }
    }
}

/// Why a file could not be read as an executable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotElf(pub &'static str);

impl fmt::Display for NotElf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a 64-bit little-endian ELF file: {}", self.0)
    }
}

impl std::error::Error for NotElf {}

const ET_EXEC: u16 = 2;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const DT_STRTAB: u64 = 5;

// ANCHOR: read
/// Reads the linkage of an executable's bytes.
pub fn linkage(file: &[u8]) -> Result<Linkage, NotElf> {
    if file.get(..4) != Some(b"\x7fELF") {
        return Err(NotElf("no ELF magic number"));
    }
    // EI_CLASS 2 = 64-bit, EI_DATA 1 = little-endian.
    if file.get(4..6) != Some(&[2, 1]) {
        return Err(NotElf("not ELFCLASS64 / ELFDATA2LSB"));
    }
    let kind = u16_at(file, 16)?;
    let headers = ProgramHeaders {
        offset: u64_at(file, 32)?,
        entry_size: u64::from(u16_at(file, 54)?),
        count: u64::from(u16_at(file, 56)?),
    };
    let mut interpreter = None;
    let mut dynamic = None;
    let mut loads = Vec::new();
    for index in 0..headers.count {
        let at = headers.offset + index * headers.entry_size;
        let header = Segment::read(file, at)?;
        match header.kind {
            PT_INTERP => interpreter = Some(c_string(file, header.file_offset)?),
            PT_DYNAMIC => dynamic = Some(header),
            PT_LOAD => loads.push(header),
            _ => {}
        }
    }
    let needed = match dynamic {
        Some(dynamic) => needed_libraries(file, &dynamic, &loads)?,
        None => Vec::new(),
    };
    Ok(match (interpreter, needed.is_empty(), kind) {
        (None, true, ET_EXEC) => Linkage::Static,
        (None, true, _) => Linkage::StaticPie,
        (interpreter, _, _) => Linkage::Dynamic {
            interpreter,
            needed,
        },
    })
}
// ANCHOR_END: read

struct ProgramHeaders {
    offset: u64,
    entry_size: u64,
    count: u64,
}

/// The parts of a program header this reader needs.
struct Segment {
    kind: u32,
    file_offset: u64,
    address: u64,
    file_size: u64,
}

impl Segment {
    fn read(file: &[u8], at: u64) -> Result<Segment, NotElf> {
        Ok(Segment {
            kind: u32_at(file, at)?,
            file_offset: u64_at(file, at + 8)?,
            address: u64_at(file, at + 16)?,
            file_size: u64_at(file, at + 32)?,
        })
    }
}

/// The `DT_NEEDED` names: offsets into the string table, whose address is
/// another entry of the same section (a virtual address, mapped back to the
/// file through the loadable segments).
fn needed_libraries(
    file: &[u8],
    dynamic: &Segment,
    loads: &[Segment],
) -> Result<Vec<String>, NotElf> {
    let mut name_offsets = Vec::new();
    let mut strings_address = None;
    let mut at = dynamic.file_offset;
    let end = dynamic.file_offset + dynamic.file_size;
    while at + 16 <= end {
        let (tag, value) = (u64_at(file, at)?, u64_at(file, at + 8)?);
        match tag {
            DT_NULL => break,
            DT_NEEDED => name_offsets.push(value),
            DT_STRTAB => strings_address = Some(value),
            _ => {}
        }
        at += 16;
    }
    if name_offsets.is_empty() {
        return Ok(Vec::new());
    }
    let strings_address = strings_address.ok_or(NotElf("DT_NEEDED without DT_STRTAB"))?;
    let strings = loads
        .iter()
        .find(|s| (s.address..s.address + s.file_size).contains(&strings_address))
        .map(|s| strings_address - s.address + s.file_offset)
        .ok_or(NotElf("the string table is in no loadable segment"))?;
    name_offsets
        .into_iter()
        .map(|offset| c_string(file, strings + offset))
        .collect()
}

fn bytes<const N: usize>(file: &[u8], at: u64) -> Result<[u8; N], NotElf> {
    let at = usize::try_from(at).map_err(|_| NotElf("offset out of range"))?;
    file.get(at..at + N)
        .and_then(|b| b.try_into().ok())
        .ok_or(NotElf("truncated"))
}

fn u16_at(file: &[u8], at: u64) -> Result<u16, NotElf> {
    bytes(file, at).map(u16::from_le_bytes)
}

fn u32_at(file: &[u8], at: u64) -> Result<u32, NotElf> {
    bytes(file, at).map(u32::from_le_bytes)
}

fn u64_at(file: &[u8], at: u64) -> Result<u64, NotElf> {
    bytes(file, at).map(u64::from_le_bytes)
}

fn c_string(file: &[u8], at: u64) -> Result<String, NotElf> {
    let at = usize::try_from(at).map_err(|_| NotElf("offset out of range"))?;
    let rest = file.get(at..).ok_or(NotElf("truncated"))?;
    let end = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(NotElf("unterminated string"))?;
    Ok(String::from_utf8_lossy(&rest[..end]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_test_binary_is_dynamic_and_needs_libc() {
        // The test harness is built for the host's glibc target.
        let bytes = std::fs::read(std::env::current_exe().expect("exe")).expect("read");
        let linkage = linkage(&bytes).expect("an ELF file");
        let Linkage::Dynamic {
            interpreter,
            needed,
        } = &linkage
        else {
            panic!("a glibc test binary is dynamic, got {linkage}");
        };
        assert!(
            interpreter
                .as_deref()
                .is_some_and(|i| i.contains("ld-linux")),
            "{linkage}"
        );
        assert!(needed.iter().any(|n| n.starts_with("libc.so")), "{linkage}");
        assert!(!linkage.is_static());
    }

    #[test]
    fn what_is_not_elf_is_refused() {
        assert_eq!(linkage(b"#!/bin/sh\n"), Err(NotElf("no ELF magic number")));
        assert_eq!(
            linkage(b"\x7fELF\x01\x01"),
            Err(NotElf("not ELFCLASS64 / ELFDATA2LSB"))
        );
        assert_eq!(linkage(b"\x7fELF\x02\x01\x01"), Err(NotElf("truncated")));
    }

    /// A minimal static executable, built by hand: an ELF header and one
    /// loadable segment, no interpreter, no dynamic section.
    #[test]
    fn a_handmade_static_executable_is_static() {
        let mut file = vec![0u8; 64 + 56];
        file[..4].copy_from_slice(b"\x7fELF");
        file[4] = 2; // 64-bit
        file[5] = 1; // little-endian
        file[16..18].copy_from_slice(&ET_EXEC.to_le_bytes());
        file[32..40].copy_from_slice(&64u64.to_le_bytes()); // program headers at 64
        file[54..56].copy_from_slice(&56u16.to_le_bytes()); // each 56 bytes
        file[56..58].copy_from_slice(&1u16.to_le_bytes()); // one of them
        file[64..68].copy_from_slice(&PT_LOAD.to_le_bytes());
        assert_eq!(linkage(&file), Ok(Linkage::Static));
        // The same file as a position-independent executable (ET_DYN).
        file[16..18].copy_from_slice(&3u16.to_le_bytes());
        assert_eq!(linkage(&file), Ok(Linkage::StaticPie));
        assert!(Linkage::StaticPie.is_static());
    }
}
