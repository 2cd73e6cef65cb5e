// Internal to lib/frlic/image: CopyImageLayer's engine, for WriteImage. Each block comes with
// its owner (archive_stream.h), so the sink may hand it to another thread without copying.
#pragma once

#include <functional>

#include "archive_stream.h"
#include "frlic/artifact/image/image_archive.h"
#include "frlic/core/status.h"

namespace frlic::image_internal {

Status CopyLayerBlocks(const ImageArchive& image, std::size_t index,
                       const std::function<Status(const Block& block)>& sink);

}  // namespace frlic::image_internal
