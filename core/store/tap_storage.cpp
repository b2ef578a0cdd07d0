#include "store/tap_storage.h"

#include "util/error.h"

namespace spectro {

TapDType parseTapDType(const std::string& name)
{
    if (name == "f32" || name == "float32") return TapDType::Float32;
    if (name == "f16" || name == "float16") return TapDType::Float16;
    if (name == "bf16" || name == "bfloat16") return TapDType::BFloat16;
    throw Error("tap dtype '" + name + "' is not supported (use f32, f16 or bf16)");
}

std::string tapDTypeName(TapDType dtype)
{
    switch (dtype) {
    case TapDType::Float16: return "float16";
    case TapDType::BFloat16: return "bfloat16";
    case TapDType::Float32: break;
    }
    return "float32";
}

std::size_t tapDTypeBytes(TapDType dtype)
{
    return dtype == TapDType::Float32 ? 4 : 2;
}

} // namespace spectro
