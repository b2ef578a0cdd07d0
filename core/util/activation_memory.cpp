#include "util/activation_memory.h"

#include <sys/mman.h>

#include <cstdlib>
#include <iterator>
#include <mutex>
#include <vector>

namespace spectro {
namespace {

struct Recycled {
    // Room for every block that fits the bound, so that releasing never allocates.
    Recycled() { blocks.reserve(kRecycledActivationBytes / kLargeActivationBytes + 1); }
    std::mutex mutex;
    std::vector<std::pair<void*, std::size_t>> blocks;  // oldest first
    std::size_t bytes = 0;
};

Recycled& recycled()
{
    static Recycled* r = new Recycled;  // never destroyed: arrays may be freed during exit
    return *r;
}

}  // namespace

void* allocateActivations(std::size_t bytes)
{
    if (bytes < kLargeActivationBytes) {
        if (void* p = std::malloc(bytes ? bytes : 1)) return p;
        throw std::bad_alloc();
    }
    {
        Recycled& r = recycled();
        std::lock_guard lock(r.mutex);
        for (auto it = r.blocks.rbegin(); it != r.blocks.rend(); ++it) {
            if (it->second != bytes) continue;
            void* p = it->first;
            r.bytes -= bytes;
            r.blocks.erase(std::next(it).base());
            return p;
        }
    }
    void* p = nullptr;
    if (posix_memalign(&p, kLargeActivationBytes, bytes) != 0) throw std::bad_alloc();
    madvise(p, bytes, MADV_HUGEPAGE);  // advice: without transparent huge pages it changes nothing
    return p;
}

void releaseActivations(void* block, std::size_t bytes) noexcept
{
    if (!block) return;
    if (bytes < kLargeActivationBytes || bytes > kRecycledActivationBytes) {
        std::free(block);
        return;
    }
    Recycled& r = recycled();
    std::lock_guard lock(r.mutex);
    r.blocks.emplace_back(block, bytes);
    r.bytes += bytes;
    while (r.bytes > kRecycledActivationBytes) {  // the oldest go back to the system
        std::free(r.blocks.front().first);
        r.bytes -= r.blocks.front().second;
        r.blocks.erase(r.blocks.begin());
    }
}

std::size_t recycledActivationBytes()
{
    Recycled& r = recycled();
    std::lock_guard lock(r.mutex);
    return r.bytes;
}

}  // namespace spectro
