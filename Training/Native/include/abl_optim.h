#ifndef ABL_OPTIM_H
#define ABL_OPTIM_H
#include "abl_common.h"
#ifdef __cplusplus
extern "C" {
#endif

enum { ABL_OPTIM_SGD = 0, ABL_OPTIM_ADAM = 1, ABL_OPTIM_ADAMW = 2, ABL_OPTIM_RMSPROP = 3, ABL_OPTIM_ADAGRAD = 4 };

typedef struct abl_optim_options {
    int32_t kind;
    double lr;
    double momentum;     /* sgd, rmsprop */
    double dampening;    /* sgd */
    int32_t nesterov;    /* sgd */
    double weight_decay;
    double beta1;        /* adam, adamw */
    double beta2;
    double eps;          /* adam, adamw, rmsprop, adagrad */
    double alpha;        /* rmsprop smoothing constant */
} abl_optim_options;

ABL_API abl_status abl_optim_create(const abl_module* module, const abl_optim_options* options, abl_optim** out);
ABL_API void abl_optim_free(abl_optim* optim);
/* Drops every parameter's gradient (set to none). */
ABL_API abl_status abl_optim_zero_grad(abl_optim* optim);
ABL_API abl_status abl_optim_step(abl_optim* optim);
ABL_API abl_status abl_optim_set_lr(abl_optim* optim, double lr);
ABL_API abl_status abl_optim_get_lr(const abl_optim* optim, double* lr);
ABL_API abl_status abl_optim_save(const abl_optim* optim, const char* path);
ABL_API abl_status abl_optim_load(abl_optim* optim, const char* path);

#ifdef __cplusplus
}
#endif
#endif
