// spectroscope-spm: runs libsentencepiece for the app, in a process of its own. The only
// translation unit that sees libsentencepiece's headers. It serves requests on its standard input
// (a socket; tokenizer/spm_helper/spm_protocol.h) until the app closes it. Should the library
// crash on a model that the checks of tokenizer/sentencepiece_model.h did not catch, only this
// process dies; the app reports it as an error.
#include "spm_protocol.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <string>
#include <unistd.h>
#include <vector>

// Exported by libsentencepiece but declared only in its private common.h.
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

namespace {

using spectro::spm::Header;

bool readFully(int fd, void* data, std::size_t size)
{
    auto* p = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool writeFully(int fd, const void* data, std::size_t size)
{
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool reply(int status, const std::string& payload)
{
    const Header h{static_cast<std::uint32_t>(status), 0, payload.size()};
    return writeFully(1, &h, sizeof h) && writeFully(1, payload.data(), payload.size());
}

template <typename T> void append(std::string& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

} // namespace

int main()
{
    // Training logs every step to std::cerr; the app reports failures from the status instead.
    sentencepiece::logging::SetMinLogLevel(4);
    std::unique_ptr<sentencepiece::SentencePieceProcessor> processor;
    while (true) {
        Header request;
        if (!readFully(0, &request, sizeof request)) return 0; // the app closed the connection
        if (request.length > spectro::spm::kMaxMessageBytes) return 2;
        std::string payload(static_cast<std::size_t>(request.length), '\0');
        if (!readFully(0, payload.data(), payload.size())) return 0;
        std::string out;
        switch (request.word) {
        case spectro::spm::kLoad: {
            auto p = std::make_unique<sentencepiece::SentencePieceProcessor>();
            const auto status = p->LoadFromSerializedProto(payload);
            if (!status.ok()) {
                if (!reply(1, status.ToString())) return 0;
                continue;
            }
            processor = std::move(p);
            append<std::int32_t>(out, processor->GetPieceSize());
            append<std::int32_t>(out, processor->bos_id());
            append<std::int32_t>(out, processor->eos_id());
            append<std::int32_t>(out, processor->unk_id());
            for (int id = 0; id < processor->GetPieceSize(); ++id) {
                const std::string& piece = processor->IdToPiece(id);
                append<std::uint32_t>(out, static_cast<std::uint32_t>(piece.size()));
                out += piece;
            }
            break;
        }
        case spectro::spm::kEncode: {
            if (!processor) {
                if (!reply(1, "no model loaded")) return 0;
                continue;
            }
            std::vector<int> ids;
            const auto status = processor->Encode(payload, &ids);
            if (!status.ok()) {
                if (!reply(1, status.ToString())) return 0;
                continue;
            }
            for (int id : ids) append<std::int32_t>(out, id);
            break;
        }
        case spectro::spm::kTrain: {
            const auto status = sentencepiece::SentencePieceTrainer::Train(payload);
            if (!status.ok()) {
                if (!reply(1, status.ToString())) return 0;
                continue;
            }
            break;
        }
        default:
            if (!reply(1, "unknown request " + std::to_string(request.word))) return 0;
            continue;
        }
        if (!reply(0, out)) return 0;
    }
}
