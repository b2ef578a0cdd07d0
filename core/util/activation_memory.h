#pragma once
// Memory for activations (Array's values). Activations are large and short-lived: every forward
// pass keeps its taps in fresh arrays of the same sizes as the pass before (stories260K at
// T = 512 keeps 42 MB of attention probabilities a pass), so touching new memory is what costs,
// not computing into it. Writing a 42 MB block on this machine (THP in "madvise" mode; a
// throwaway timing program, best of 8, not kept in bench/): zeroed std::vector 18.5 ms, malloc
// 13 ms (4 KiB page faults), huge pages 3.3 ms, reused 2 ms.
// Hence: blocks of 2 MiB and more are 2 MiB-aligned and advised for transparent huge pages, and
// a few recently freed ones are kept for the next block of the same size; values are not zeroed
// unless the Array asks for it.
#include <cstddef>
#include <new>
#include <utility>

namespace spectro {

// Blocks of this size and more are huge-page backed and recycled.
constexpr std::size_t kLargeActivationBytes = std::size_t{2} << 20;
// At most this much freed memory is kept for reuse (a 7B pass's 1 GB of attention is not).
constexpr std::size_t kRecycledActivationBytes = std::size_t{256} << 20;

void* allocateActivations(std::size_t bytes);  // throws std::bad_alloc
void releaseActivations(void* block, std::size_t bytes) noexcept;
// Freed blocks currently kept for reuse (tests).
std::size_t recycledActivationBytes();

template <class T>
struct ActivationAllocator {
    using value_type = T;

    ActivationAllocator() = default;
    template <class U>
    ActivationAllocator(const ActivationAllocator<U>&) noexcept
    {
    }

    T* allocate(std::size_t n)
    {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
        return static_cast<T*>(allocateActivations(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { releaseActivations(p, n * sizeof(T)); }

    // vector(n) and resize(n) leave new elements unset; vector(n, value) still sets them.
    template <class U>
    void construct(U* p) noexcept
    {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }

    template <class U>
    bool operator==(const ActivationAllocator<U>&) const noexcept
    {
        return true;
    }
};

}  // namespace spectro
