#pragma once
// 64-bit FNV-1a: a fast, stable, non-cryptographic hash for fingerprints and checksums that must
// give the same value on every machine and in every build (model fingerprints, cache root
// checksums). Not a defence against a forger: it tells "changed" from "unchanged".
#include <cstddef>
#include <cstdint>
#include <string>

namespace spectro {

struct Fnv1a64 {
    std::uint64_t h = 0xcbf29ce484222325ull;
    void add(const void* data, std::size_t n)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= p[i];
            h *= 0x100000001b3ull;
        }
    }
    template <typename T> void value(const T& v) { add(&v, sizeof v); }
    void text(const std::string& s)
    {
        add(s.data(), s.size());
        value(s.size());
    }
};

} // namespace spectro
