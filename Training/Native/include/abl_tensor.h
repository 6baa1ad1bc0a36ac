#ifndef ABL_TENSOR_H
#define ABL_TENSOR_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

enum { ABL_FLOAT32 = 0, ABL_UINT8 = 1, ABL_INT64 = 2 };
enum { ABL_DEVICE_CPU = 0, ABL_DEVICE_CUDA = 1 };

/* Copies `data` (dtype, shape[ndim]) into a new CPU tensor. */
ABL_API abl_status abl_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                                        abl_tensor** out);
ABL_API abl_status abl_tensor_zeros(int32_t dtype, const int64_t* shape, int32_t ndim, int32_t device_type,
                                    int32_t device_index, abl_tensor** out);
ABL_API void abl_tensor_free(abl_tensor* tensor);

ABL_API abl_status abl_tensor_ndim(const abl_tensor* tensor, int32_t* ndim);
ABL_API abl_status abl_tensor_shape(const abl_tensor* tensor, int64_t* shape, int32_t capacity);
ABL_API abl_status abl_tensor_dtype(const abl_tensor* tensor, int32_t* dtype);
/* Copies the tensor's elements (moved to CPU, made contiguous) into `buffer` of `bytes` bytes, which
 * must equal numel * element size; dtype must be the tensor's own. */
ABL_API abl_status abl_tensor_copy_to_host(const abl_tensor* tensor, int32_t dtype, void* buffer, int64_t bytes);
ABL_API abl_status abl_tensor_item(const abl_tensor* tensor, double* value);

ABL_API abl_status abl_tensor_to_device(const abl_tensor* tensor, int32_t device_type, int32_t device_index,
                                        abl_tensor** out);
ABL_API abl_status abl_tensor_index_select(const abl_tensor* tensor, int32_t dim, const abl_tensor* index,
                                           abl_tensor** out);
ABL_API abl_status abl_tensor_narrow(const abl_tensor* tensor, int32_t dim, int64_t start, int64_t length,
                                     abl_tensor** out);
/* uint8 or float images [N, C, ...] to float32: x * scale, then (x - mean[c]) / std[c] per channel
 * (channels = 1 applies one mean/std to every element). */
ABL_API abl_status abl_tensor_normalize(const abl_tensor* tensor, float scale, const float* mean, const float* std,
                                        int32_t channels, abl_tensor** out);
ABL_API abl_status abl_tensor_argmax(const abl_tensor* tensor, int32_t dim, abl_tensor** out);
/* Adds alpha * source (detached) into accumulator in place; shapes must broadcast. */
ABL_API abl_status abl_tensor_accumulate(abl_tensor* accumulator, const abl_tensor* source, double alpha);
/* Number of rows whose argmax over dim 1 equals target, added into `accumulator` (int64 scalar). */
ABL_API abl_status abl_tensor_accumulate_correct(abl_tensor* accumulator, const abl_tensor* logits,
                                                 const abl_tensor* target);
ABL_API abl_status abl_tensor_backward(abl_tensor* tensor);

#ifdef __cplusplus
}
#endif
#endif
