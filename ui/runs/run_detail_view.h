#pragma once
// One run in detail: its live loss and accuracy, the confusion-matrix heatmap of its val (or
// test) split with the cell a click picks, the per-class precision, recall and F1 — or, for a
// regression run, predicted against actual values with the row a click picks and the residual
// histogram — the spec and the environment. Fed with the run's record by whoever lists runs
// (setRecord on each change). GUI thread only; owns its widgets. The monitor is not owned.
#include "training/run_store.h"
#include "training/run_summary.h"

#include "ui/shell/latest_read.h"

#include <QWidget>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace dllab::exporting {
struct SplitPredictions;
} // namespace dllab::exporting

namespace dllab::datasets {
struct DatasetContent;
} // namespace dllab::datasets

namespace dllab::plots {
class ConfusionMatrix;
class ElidedLabel;
class RegressionChart;
} // namespace dllab::plots

namespace dllab::ui {

class RunActions;
class RunChartsPanel;
class WorkspaceMonitor;

class RunDetailView : public QWidget {
    Q_OBJECT
public:
    explicit RunDetailView(WorkspaceMonitor *monitor, QWidget *parent = nullptr);

    void setWorkspaceDir(const std::filesystem::path &dir);
    void setRecord(const training::RunRecord &record);
    qint64 runId() const { return m_record.id; }
    const training::RunRecord &record() const { return m_record; }
    bool isLoading() const;

    RunChartsPanel *charts() const { return m_charts; }
    plots::ConfusionMatrix *confusion() const { return m_confusion; }
    plots::RegressionChart *regressionChart() const { return m_regression; }
    QLabel *cellInfo() const { return m_cellInfo; }
    // The clicked cell's samples, most confident first: Qt::UserRole the sample's index in the
    // dataset version, Qt::UserRole + 1 the model's confidence.
    QListWidget *cellSamples() const { return m_samples; }
    QTableWidget *perClassTable() const { return m_perClass; }
    QPlainTextEdit *specText() const { return m_spec; }
    QPlainTextEdit *envText() const { return m_env; }
    RunActions *actions() const { return m_actions; }

Q_SIGNALS:
    void backRequested();

private:
    void showEvaluation();
    QStringList classNames() const;
    void showCell(int trueClass, int predicted);
    void showPoint(int index);
    QWidget *makeConfusionTab();

    // A cell's samples, read on a worker (it runs the model over the split) through LatestRead,
    // so the GUI thread never waits for a read.
    struct CellAnswer;
    void showCellSamples(const CellAnswer &answer);
    std::filesystem::path m_workspaceDir;
    QString m_cellHeadline; // what the cell is, shown above its samples
    LatestRead<CellAnswer> m_cellRead{this};
    // The last split the run's model predicted: a further click on the same run, split and
    // checkpoint only picks its cell from these. Only the cell reads use it, one at a time.
    std::shared_ptr<std::shared_ptr<const exporting::SplitPredictions>> m_lastPredictions =
        std::make_shared<std::shared_ptr<const exporting::SplitPredictions>>();
    // The dataset version a regression point's row was last read from: further clicks on the
    // same run read no file. Only the point reads use it, one at a time.
    struct LoadedVersion {
        std::string ref;
        std::shared_ptr<const datasets::DatasetContent> content;
    };
    std::shared_ptr<LoadedVersion> m_lastVersion = std::make_shared<LoadedVersion>();
    training::RunRecord m_record;
    training::RunSummary m_summary; // m_record's
    QLabel *m_title;
    plots::ElidedLabel *m_subtitle;
    QPushButton *m_back;
    RunActions *m_actions;
    RunChartsPanel *m_charts;
    plots::ConfusionMatrix *m_confusion;
    plots::RegressionChart *m_regression;
    QStackedWidget *m_evaluationPages; // the confusion matrix, or the regression chart
    QTabWidget *m_tabs;
    QComboBox *m_split;
    QLabel *m_cellInfo;
    QListWidget *m_samples;
    QTableWidget *m_perClass;
    QPlainTextEdit *m_spec;
    QPlainTextEdit *m_env;
};

} // namespace dllab::ui
