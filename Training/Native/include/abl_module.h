#ifndef ABL_MODULE_H
#define ABL_MODULE_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

enum { ABL_ACT_RELU = 0, ABL_ACT_GELU = 1, ABL_ACT_SIGMOID = 2, ABL_ACT_TANH = 3, ABL_ACT_LEAKY_RELU = 4 };

ABL_API abl_status abl_module_linear(int64_t in_features, int64_t out_features, int32_t bias, abl_module** out);
ABL_API abl_status abl_module_conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                                     int64_t padding, int32_t bias, abl_module** out);
ABL_API abl_status abl_module_batchnorm1d(int64_t features, double eps, double momentum, abl_module** out);
ABL_API abl_status abl_module_batchnorm2d(int64_t features, double eps, double momentum, abl_module** out);
ABL_API abl_status abl_module_dropout(double p, abl_module** out);
ABL_API abl_status abl_module_activation(int32_t kind, double negative_slope, abl_module** out);
ABL_API abl_status abl_module_maxpool2d(int64_t kernel, int64_t stride, int64_t padding, abl_module** out);
ABL_API abl_status abl_module_avgpool2d(int64_t kernel, int64_t stride, int64_t padding, abl_module** out);
ABL_API abl_status abl_module_adaptive_avgpool2d(int64_t out_height, int64_t out_width, abl_module** out);
ABL_API abl_status abl_module_flatten(abl_module** out);
ABL_API abl_status abl_module_sequential(abl_module** out);
/* Appends `child` to the sequential container; the container shares ownership, the caller still
 * frees its own handle. */
ABL_API abl_status abl_sequential_append(abl_module* sequential, const abl_module* child);
/* y = body(x) + shortcut(x), where a null shortcut is the identity. */
ABL_API abl_status abl_module_residual(const abl_module* body, const abl_module* shortcut, abl_module** out);
ABL_API void abl_module_free(abl_module* module);

ABL_API abl_status abl_module_forward(abl_module* module, const abl_tensor* input, abl_tensor** out);
ABL_API abl_status abl_module_set_training(abl_module* module, int32_t training);
ABL_API abl_status abl_module_parameter_count(const abl_module* module, int64_t* count);
/* Weights of every linear and conv layer drawn from N(0, std^2), their biases set to zero. */
ABL_API abl_status abl_module_init_normal(abl_module* module, double std);
ABL_API abl_status abl_module_to_device(abl_module* module, int32_t device_type, int32_t device_index);
ABL_API abl_status abl_module_save(const abl_module* module, const char* path);
ABL_API abl_status abl_module_load(abl_module* module, const char* path);

#ifdef __cplusplus
}
#endif
#endif
