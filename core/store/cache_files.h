#pragma once
// File-level steps of crash-safe cache writing: temporary names beside the target, copying a
// committed cache before it is extended, syncing and renaming into place, and removing the
// temporaries that killed writers left behind.
//
// A temporary is named TARGET.tmp-PID-N (PID of the writing process, N a per-process counter),
// so a later writer can tell a live writer's temporary from a dead one's.
#include <string>

namespace spectro {

// A fresh temporary name beside `target` for this process.
std::string cacheTemporaryPath(const std::string& target);
// Is `path` a cache temporary (of any target, any process)?
bool isCacheTemporary(const std::string& path);
// Deletes TARGET.tmp-PID-* files whose process no longer exists; returns how many. Files of
// live processes (another writer, or an unrelated process that reused the PID) are left.
int removeStaleTemporaries(const std::string& target);

// Copies the bytes of `from` into a new file `to` (in-kernel copy where possible). Throws Error
// naming `from` (and `to`) on failure, e.g. a full disk.
void copyFileBytes(const std::string& from, const std::string& to);
// fsync(2) of a file; of the folder holding `path` so that a rename in it is durable.
void syncFile(const std::string& path);
void syncFolderOf(const std::string& path);
// Syncs `temporary`, renames it over `target` and syncs the folder: after this returns the
// target is the new file even across a power cut; before, it is the old one.
void publishFile(const std::string& temporary, const std::string& target);

} // namespace spectro
