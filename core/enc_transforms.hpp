// Internal to core's encryption (enc.cpp decrypts, enc_encrypt.cpp
// encrypts): the xmlsec transform of each data cipher, written once.
#pragma once

#include <xmlsec/transforms.h>

#include "core/enc.hpp"

namespace samlh::core {

// xmlSecTransformIdUnknown for a value outside the enum.
xmlSecTransformId cipher_transform(DataCipher c);

}  // namespace samlh::core
