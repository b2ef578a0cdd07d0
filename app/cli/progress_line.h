#pragma once
// Progress on stderr as one line rewritten in place ("\ranalyze: 3/8 samples"). Anything else
// printed while such a line is open would be glued to it ("analyze: 1/2 sampleserror: ..."), so
// main() and the warning sink end the line first, and an error always starts a line of its own.
namespace spectro::cli {

// Rewrites the progress line (printf-style, without "\r" or "\n").
[[gnu::format(printf, 1, 2)]] void printProgress(const char* format, ...);
// Ends an open progress line with a newline; does nothing when none is open.
void endProgressLine();

} // namespace spectro::cli
