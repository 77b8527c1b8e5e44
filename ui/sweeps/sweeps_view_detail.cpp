// SweepsView: what the selected sweep's trials become in the trials table, the objective plot,
// the parallel coordinates and the importance bars.
#include "ui/sweeps/sweeps_view.h"

#include "plots/best_so_far_chart.h"
#include "plots/importance_chart.h"
#include "plots/parallel_coordinates.h"
#include "training/sweep/sweep_spec.h"
#include "ui/sweeps/sweep_trial_model.h"

#include <QChart>
#include <QLabel>
#include <QPushButton>
#include <QTableView>

#include <algorithm>
#include <cmath>

using nlohmann::json;

namespace dllab::ui {

namespace {

constexpr int kMaxColumnWidth = 110;

plots::PcAxis axisFor(const hpo::ParamSpec &param, const QString &title)
{
    plots::PcAxis axis;
    axis.title = title;
    if (!param.isNumeric()) {
        axis.kind = plots::PcAxis::Kind::Categorical;
        for (const json &value : param.values)
            axis.categories << QString::fromStdString(sweep::paramText(value));
        return axis;
    }
    axis.kind = param.log ? plots::PcAxis::Kind::Log : plots::PcAxis::Kind::Linear;
    axis.min = param.min;
    axis.max = param.max;
    return axis;
}

} // namespace

void SweepsView::applyDetail(const SweepDetail &detail)
{
    const bool newSweep = detail.id != m_detailId;
    // A live sweep is read again every second or so; most reads find nothing new, and then the
    // table and the three charts stay as they are instead of being rebuilt and repainted.
    if (!newSweep && detail.spec == m_shownSpec && detail.trials == m_trialModel->trials()
        && detail.status == m_trialModel->sweepStatus())
        return;
    m_detailId = detail.id;
    m_shownSpec = detail.spec;
    const int columns = m_trialModel->columnCount();
    m_trialModel->setTrials(detail.id, detail.params, detail.metric, detail.trials, detail.status);
    if (newSweep || columns != m_trialModel->columnCount()) {
        m_parallel->clearBrushes();
        // Fit the columns to their values once per sweep; long parameter paths are elided in
        // the header (the tooltip has them whole) rather than pushing the objective off-screen.
        m_trialTable->resizeColumnsToContents();
        for (int c = 0; c < m_trialModel->columnCount(); ++c)
            m_trialTable->setColumnWidth(
                c, std::clamp(m_trialTable->columnWidth(c), 36, kMaxColumnWidth));
    }

    std::vector<plots::TrialPoint> points;
    int last = 0;
    for (const auto &trial : detail.trials) {
        last = std::max(last, trial.number);
        const bool complete = trial.state == sweep::TrialState::Complete;
        if (trial.objective && (complete || trial.state == sweep::TrialState::Pruned))
            points.push_back({trial.number, *trial.objective, complete});
    }
    m_best->setTrials(std::move(points), detail.maximize, detail.metric, last);
    updateParallelCoordinates(detail);
    updateImportance(detail);
    updateBrushFilter();
}

// One axis per parameter, in the spec's order, then the objective; one line per complete trial.
void SweepsView::updateParallelCoordinates(const SweepDetail &detail)
{
    const std::vector<hpo::ParamSpec> &params = detail.params;
    std::vector<plots::PcAxis> axes;
    const QStringList titles = shortParamNames(params);
    for (size_t i = 0; i < params.size(); ++i)
        axes.push_back(axisFor(params[i], titles.value(qsizetype(i))));
    plots::PcAxis objective;
    objective.title = detail.metric;
    bool any = false;
    std::vector<plots::PcItem> items;
    for (const auto &trial : detail.trials) {
        if (trial.state != sweep::TrialState::Complete || !trial.objective
            || !std::isfinite(*trial.objective))
            continue;
        plots::PcItem item;
        item.id = trial.number;
        item.colorValue = *trial.objective;
        for (const auto &param : params) {
            const auto it = trial.params.find(param.name);
            std::optional<double> value;
            if (it != trial.params.end())
                value = param.isNumeric()
                            ? (it->second.is_number() ? std::optional(it->second.get<double>())
                                                      : std::nullopt)
                            : param.toInternal(it->second); // the choice's index
            item.values.push_back(value ? *value : NAN);
        }
        item.values.push_back(*trial.objective);
        objective.min = any ? std::min(objective.min, *trial.objective) : *trial.objective;
        objective.max = any ? std::max(objective.max, *trial.objective) : *trial.objective;
        any = true;
        items.push_back(std::move(item));
    }
    if (items.empty()) {
        m_parallel->clear();
        return;
    }
    if (objective.max <= objective.min) { // one value: give the axis some height
        const double pad = std::max(1e-3, std::fabs(objective.max) * 0.05);
        objective.min -= pad;
        objective.max += pad;
    }
    axes.push_back(objective);
    const int colorAxis = int(axes.size()) - 1;
    m_parallel->setData(std::move(axes), std::move(items), detail.maximize, colorAxis);
}

void SweepsView::updateImportance(const SweepDetail &detail)
{
    // Titled as the table's columns and the axes are; importance() keeps the spec's order.
    const QStringList names = shortParamNames(detail.params);
    QList<plots::ImportanceBar> bars;
    for (size_t i = 0; i < detail.importance.size(); ++i)
        bars << plots::ImportanceBar{
            names.value(qsizetype(i), QString::fromStdString(detail.importance[i].name)),
            detail.importance[i].value};
    m_importance->setBars(bars);
    m_importance->chart()->setTitle(
        detail.importanceSamples < hpo::kMinImportanceTrials
            ? tr("Parameter importance · needs %1 trials, has %2")
                  .arg(hpo::kMinImportanceTrials)
                  .arg(detail.importanceSamples)
            : tr("Parameter importance · %1 trials").arg(detail.importanceSamples));
    m_importance->setExplanation(
        tr("share of rank variance"),
        tr("For each parameter, the completed trials (%1) are grouped: by choice for a categorical "
           "parameter, into 2-5 equal-count bins of its value for a numeric one. The bar is the "
           "share of the variance of the objective's ranks that lies between the groups (eta "
           "squared), adjusted for the number of groups so that noise scores about 0. It sees an "
           "optimum inside the range too, not only a trend. A screening measure from the trials "
           "the sampler chose, not a causal effect; 0 with fewer than 4 trials.")
            .arg(detail.importanceSamples));
}

void SweepsView::updateBrushFilter()
{
    const bool brushed = m_parallel->hasBrush();
    m_trialProxy->setAllowedTrials(brushed ? std::optional(m_parallel->brushedIds())
                                           : std::nullopt);
    m_clearBrush->setVisible(brushed);
    const int total = m_trialModel->rowCount();
    m_trialsLabel->setText(brushed ? tr("Trials: %1 of %2 inside the brushed ranges")
                                         .arg(m_trialProxy->rowCount())
                                         .arg(total)
                                   : tr("Trials (%1)").arg(total));
}

} // namespace dllab::ui
