#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Shows the sandbox's progress: on a terminal, a block of lines redrawn in place (one per applied
/// object); otherwise (a pipe, a CI log) a plain line each time an object's state changes.
public final class SandboxProgressDisplay: Sendable {
    private let interactive: Bool
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    private struct State {
        var drawnLines = 0
        var lastLines: [AppliedObject: String] = [:]
    }

    /// `interactive` defaults to whether standard output is a terminal.
    public init(interactive: Bool = isatty(STDOUT_FILENO) == 1) {
        self.interactive = interactive
    }

    /// Prints a message below what is shown; the progress block drawn so far stays as it is (the next
    /// update draws a new one below the message).
    public func note(_ text: String) {
        state.withLock { state in
            print(text)
            state.drawnLines = 0
        }
        fflush(nil)
    }

    /// Shows the latest readiness of every object.
    func show(_ snapshot: [ResourceReadiness]) {
        let elapsed = start.duration(to: .now)
        let stamp = "[\(Self.seconds(elapsed))]"
        state.withLock { state in
            if interactive {
                eraseBlock(&state)
                // One physical line per entry: a wrapped line would break the cursor-up redraw.
                let width = Self.terminalWidth()
                for entry in snapshot { print(Self.clip("\(entry.ready ? "✔" : "…") \(entry.line)", to: width)) }
                state.drawnLines = snapshot.count
            } else {
                for entry in snapshot where state.lastLines[entry.object] != entry.line {
                    print("\(stamp) \(entry.line)")
                }
            }
            for entry in snapshot { state.lastLines[entry.object] = entry.line }
        }
        fflush(nil)
    }

    private func eraseBlock(_ state: inout State) {
        // Cursor up one line and erase it, once per line drawn.
        for _ in 0..<state.drawnLines { print("\u{1B}[1A\u{1B}[2K", terminator: "") }
    }

    static func clip(_ line: String, to width: Int) -> String {
        line.count <= width ? line : String(line.prefix(max(width - 1, 1))) + "…"
    }

    /// Columns of the terminal on standard output (80 when it cannot be read).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    static func seconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
