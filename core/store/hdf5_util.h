#pragma once
// RAII for HDF5 handles and small helpers shared by the cache writer and reader.
#include <hdf5.h>
#include <string>

#include "util/error.h"

namespace spectro::h5 {

class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept
    {
        if (this != &o) {
            reset();
            id_ = o.id_;
            closer_ = o.closer_;
            o.id_ = -1;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    explicit operator bool() const { return id_ >= 0; }
    void reset()
    {
        if (id_ >= 0 && closer_) closer_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    herr_t (*closer_)(hid_t) = nullptr;
};

inline hid_t check(hid_t id, const std::string& what)
{
    if (id < 0) throw Error(what);
    return id;
}

// HDF5 prints its own error stack to stderr by default; we report one line instead.
inline void silenceErrors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

}  // namespace spectro::h5
