#pragma once
// For the programs that run unattended on a lent GPU machine (the benchmarks, the GPU equality
// test): a fatal signal prints its name and a backtrace (addresses; addr2line -e BINARY maps them)
// to stderr before the process dies, so that a log says where, not only "Segmentation fault".
#include <csignal>
#include <cstring>
#include <execinfo.h>
#include <initializer_list>
#include <unistd.h>

namespace spectro::bench {

inline void installCrashReport()
{
    auto handler = [](int signal) {
        const char* name = signal == SIGSEGV   ? "SIGSEGV"
                           : signal == SIGABRT ? "SIGABRT"
                           : signal == SIGBUS  ? "SIGBUS"
                                               : "SIGFPE";
        (void)!write(2, "\nfatal signal ", 14);
        (void)!write(2, name, std::strlen(name));
        (void)!write(2, ", backtrace:\n", 13);
        void* frames[64];
        backtrace_symbols_fd(frames, backtrace(frames, 64), 2);
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    };
    for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE}) std::signal(s, handler);
}

}  // namespace spectro::bench
