#ifndef ABL_RUNTIME_H
#define ABL_RUNTIME_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

/* libtorch's version as "major.minor.patch". */
ABL_API abl_status abl_torch_version(char* buffer, int32_t capacity);
ABL_API abl_status abl_manual_seed(uint64_t seed);
ABL_API abl_status abl_cuda_is_available(int32_t* available);
ABL_API abl_status abl_cuda_device_count(int32_t* count);
ABL_API abl_status abl_set_num_threads(int32_t threads);
ABL_API abl_status abl_get_num_threads(int32_t* threads);
/* libtorch sets up its OpenMP pool only on threads it created: call once on any other thread. */
ABL_API abl_status abl_init_thread(void);
/* Autograd recording for the calling thread (off for evaluation). */
ABL_API abl_status abl_set_grad_enabled(int32_t enabled);
ABL_API abl_status abl_is_grad_enabled(int32_t* enabled);

#ifdef __cplusplus
}
#endif
#endif
