/* report/REPORT.md: the document's order; each group of sections is a file of its own. */
#include "render.h"

#include "render_audit.h"
#include "render_common.h"
#include "render_decode.h"
#include "render_host.h"
#include "render_kernels.h"
#include "render_peers.h"
#include "render_quality.h"
#include "render_roofline.h"
#include "render_runs.h"

char *render_report(run_data *runs, size_t n_runs, const report_config *rc,
                    const render_options *opt) {
    text_buf b = {0};
    render_ctx c = {&b, rc, opt};
    run_data *r = &runs[0];
    tb_printf(&b, "# q35bench report\n\n");
    if (n_runs == 1) tb_printf(&b, "Run `%s` (%s).", r->id, r->path);
    else {
        tb_printf(&b, "Runs");
        for (size_t i = 0; i < n_runs; i++)
            tb_printf(&b, "%s `%s`", i ? "," : "", runs[i].id);
        tb_printf(&b, "; details below are for `%s`.", r->id);
    }
    tb_printf(&b, " Rendered by `%s` from the results directories only; every number below "
                  "is a measurement or model quantity of the run, or a figure of the seeds or "
                  "of configs/references.ini with its source.\n\n",
              opt->command ? opt->command : "q35bench report");
    render_audit_glance(&b, &r->audit.result);
    if (opt->fleet) render_fleet(&b, runs, n_runs, rc, opt->fleet);
    render_machine(&c, runs, n_runs);
    if (n_runs > 1) render_runs_compared(&c, runs, n_runs);
    render_steps(&c, r);
    render_unmeasured(&c, r);
    render_models(&c, r);
    render_quality(&c, r);
    render_kernels(&c, r);
    render_peers(&b, r);
    render_roofline(&c, r);
    render_projection(&c, r);
    render_decode(&b, r);
    render_hyperfine(&c, r);
    render_figures(&c, r);
    render_audit_section(&b, r);
    return tb_take(&b);
}
