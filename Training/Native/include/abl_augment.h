#ifndef ABL_AUGMENT_H
#define ABL_AUGMENT_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct abl_augment_options {
    int32_t crop_padding;    /* pad every side by this many pixels (zeros), then crop back at a random offset; 0: off */
    int32_t hflip;           /* non-zero: mirror left-right with probability 1/2 */
    double rotation_degrees; /* rotate by a uniform angle in [-d, d]; 0: off */
    double translation;      /* shift by a uniform fraction in [-t, t] of the width and of the height; 0: off */
} abl_augment_options;

/* Augments a batch of images [N, C, H, W] (any dtype) on its own device and returns float32 of the
 * same shape and scale; pixels brought in from outside the image are 0. Each sample draws its own
 * parameters from libtorch's CPU generator (so a seed gives the same batch on every device), in a
 * fixed order: crop offsets, flips, angles, shifts. */
ABL_API abl_status abl_augment_batch(const abl_tensor* images, const abl_augment_options* options, abl_tensor** out);

#ifdef __cplusplus
}
#endif
#endif
