#ifndef ABL_LOSS_H
#define ABL_LOSS_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

enum {
    ABL_LOSS_CROSS_ENTROPY = 0, /* int64 targets; parameter = label smoothing */
    ABL_LOSS_MSE = 1,           /* float targets shaped like the input */
    ABL_LOSS_L1 = 2,
    ABL_LOSS_SMOOTH_L1 = 3,     /* parameter = beta */
    ABL_LOSS_MULTI_MARGIN = 4,  /* int64 targets; parameter = margin (the hinge loss) */
    ABL_LOSS_EUCLIDEAN = 5      /* int64 targets; 0.5 * sum over classes of (x - onehot)^2, mean over rows */
};

/* Mean loss over the batch as a scalar tensor that can be back-propagated. */
ABL_API abl_status abl_loss(int32_t kind, const abl_tensor* input, const abl_tensor* target, double parameter,
                            abl_tensor** out);

#ifdef __cplusplus
}
#endif
#endif
