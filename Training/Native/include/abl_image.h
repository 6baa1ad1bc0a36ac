/* Image files and uint8 images: decoding with stb_image (PNG, JPEG, BMP, GIF, …) and resizing
 * with stb_image_resize. Nothing here touches libtorch; it lives in the shim so that the data
 * layer needs one native library, not two. Pixels cross the boundary as uint8 in CHW order
 * (channel planes, rows, columns), the layout of an ImageSet. */
#ifndef ABL_IMAGE_H
#define ABL_IMAGE_H

#include "abl_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads only the header of an image file: its size and the channel count it stores (1 gray,
 * 2 gray+alpha, 3 RGB, 4 RGBA). */
ABL_API abl_status abl_image_info(const char* path, int32_t* width, int32_t* height, int32_t* channels);

/* Decodes `path`, converts it to `channels` (1 or 3; alpha is dropped), resizes it to
 * height x width when its own size differs, and writes channels*height*width bytes in CHW order
 * into `out` (capacity bytes). The message of a failure names the file. */
ABL_API abl_status abl_image_decode(const char* path, int32_t channels, int32_t height, int32_t width, uint8_t* out,
                                    int64_t capacity);

/* Resizes `count` CHW images of in_height x in_width to out_height x out_width, each channel
 * plane on its own. `input` holds count*channels*in_height*in_width bytes, `out`
 * count*channels*out_height*out_width. */
ABL_API abl_status abl_image_resize(const uint8_t* input, int32_t count, int32_t channels, int32_t in_height,
                                    int32_t in_width, uint8_t* out, int32_t out_height, int32_t out_width);

#ifdef __cplusplus
}
#endif
#endif
