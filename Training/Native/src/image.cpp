// Image decoding and resizing. stb's implementations are compiled into this file as static
// functions, so the shim needs only Debian's libstb-dev headers at build time and nothing extra
// at run time, and its symbols cannot clash with another copy of stb loaded in the process.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>

#define STB_IMAGE_RESIZE_STATIC
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb/stb_image_resize.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "abl_image.h"
#include "handles.h"

namespace {

struct StbFree {
    void operator()(unsigned char* pixels) const { stbi_image_free(pixels); }
};

std::string failure(const char* path, const char* what) {
    const char* reason = stbi_failure_reason();
    return std::string(path) + ": " + what + " (" + (reason != nullptr ? reason : "unknown reason") + ")";
}

// Interleaved HWC (what stb produces) to planar CHW (what the engine reads).
void to_chw(const unsigned char* hwc, int channels, int height, int width, uint8_t* chw) {
    const int64_t plane = static_cast<int64_t>(height) * width;
    for (int64_t p = 0; p < plane; ++p) {
        for (int c = 0; c < channels; ++c) {
            chw[c * plane + p] = hwc[p * channels + c];
        }
    }
}

void resize_plane(const uint8_t* in, int in_h, int in_w, uint8_t* out, int out_h, int out_w) {
    if (!stbir_resize_uint8(in, in_w, in_h, 0, out, out_w, out_h, 0, 1)) {
        throw std::runtime_error("image resize failed");
    }
}

}  // namespace

extern "C" {

ABL_API abl_status abl_image_info(const char* path, int32_t* width, int32_t* height, int32_t* channels) {
    return abl::guard([&] {
        abl::require(path != nullptr && width != nullptr && height != nullptr && channels != nullptr,
                     "path and outputs must not be null");
        int w = 0, h = 0, n = 0;
        if (!stbi_info(path, &w, &h, &n)) {
            throw std::runtime_error(failure(path, "not a readable image"));
        }
        *width = w;
        *height = h;
        *channels = n;
    });
}

ABL_API abl_status abl_image_decode(const char* path, int32_t channels, int32_t height, int32_t width, uint8_t* out,
                                    int64_t capacity) {
    return abl::guard([&] {
        abl::require(path != nullptr && out != nullptr, "path and output must not be null");
        abl::require(channels == 1 || channels == 3, "channels must be 1 or 3");
        abl::require(height > 0 && width > 0, "target size must be positive");
        abl::require(capacity >= static_cast<int64_t>(channels) * height * width, "output buffer too small");

        int w = 0, h = 0, stored = 0;
        std::unique_ptr<unsigned char, StbFree> pixels(stbi_load(path, &w, &h, &stored, channels));
        if (!pixels) {
            throw std::runtime_error(failure(path, "cannot decode image"));
        }

        if (w == width && h == height) {
            to_chw(pixels.get(), channels, height, width, out);
            return;
        }

        std::vector<unsigned char> resized(static_cast<size_t>(channels) * height * width);
        if (!stbir_resize_uint8(pixels.get(), w, h, 0, resized.data(), width, height, 0, channels)) {
            throw std::runtime_error(std::string(path) + ": resizing to " + std::to_string(height) + "x" +
                                     std::to_string(width) + " failed");
        }
        to_chw(resized.data(), channels, height, width, out);
    });
}

ABL_API abl_status abl_image_resize(const uint8_t* input, int32_t count, int32_t channels, int32_t in_height,
                                    int32_t in_width, uint8_t* out, int32_t out_height, int32_t out_width) {
    return abl::guard([&] {
        abl::require(input != nullptr && out != nullptr, "buffers must not be null");
        abl::require(count >= 0 && channels > 0, "count must not be negative and channels must be positive");
        abl::require(in_height > 0 && in_width > 0 && out_height > 0 && out_width > 0, "sizes must be positive");
        const int64_t in_plane = static_cast<int64_t>(in_height) * in_width;
        const int64_t out_plane = static_cast<int64_t>(out_height) * out_width;
        const int64_t planes = static_cast<int64_t>(count) * channels;
        for (int64_t p = 0; p < planes; ++p) {
            resize_plane(input + p * in_plane, in_height, in_width, out + p * out_plane, out_height, out_width);
        }
    });
}
}
