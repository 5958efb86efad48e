/*
 * The tables the gnuplot scripts in plots/ draw, written from a run's results:
 *   plot.roofline.points.tsv  plot.roofline.roofs.tsv   roofline chart (plots/roofline.gp)
 *   plot.speedup.tsv                                     speedup over baseline (speedup.gp)
 *   plot.pareto.measured.tsv  plot.pareto.sweep.tsv  plot.pareto.cited.tsv
 *                                                        bits/weight vs error (pareto.gp)
 *   plot.projection.tsv  plot.projection.claims.tsv      decode tok/s per device (projection.gp)
 *   plot.batch.tsv                                       time vs batch size (batch.gp)
 *   plot.decode.tsv                                      measured decode tok/s and its
 *                                                        bandwidth bound (decode.gp)
 *   plot.vars.gp                                         names and titles for the scripts
 * A table whose inputs the run lacks is written with its header only; the plots step then
 * skips that figure.
 */
#ifndef Q35_REPORT_PLOTDATA_H
#define Q35_REPORT_PLOTDATA_H

#include "report_config.h"
#include "run_data.h"

/* Writes every table into dir (atomically). Returns 0 or -1 with the reason in err. */
int plotdata_write(const run_data *r, const report_config *rc, const char *dir, char *err,
                   size_t len);

#endif
