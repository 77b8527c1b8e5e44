#include "ui/runs/run_detail_view.h"

#include "datasets/dataset_store.h"
#include "export/cell_samples.h"
#include "plots/confusion_matrix.h"
#include "plots/elided_label.h"
#include "plots/regression_chart.h"
#include "ui/datasets/dataset_tree_model.h"
#include "ui/datasets/preview_data.h"
#include "ui/runs/run_actions.h"
#include "ui/runs/run_charts_panel.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using nlohmann::json;

namespace dllab::ui {

namespace {

QPlainTextEdit *makeJsonView(const QString &name)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QString prettyJson(const json &value)
{
    return value.is_null() ? QString() : QString::fromStdString(value.dump(2));
}

} // namespace

RunDetailView::RunDetailView(WorkspaceMonitor *monitor, QWidget *parent)
    : QWidget(parent), m_title(new QLabel), m_subtitle(new plots::ElidedLabel),
      m_back(new QPushButton(tr("All runs"))), m_actions(new RunActions),
      m_charts(new RunChartsPanel(monitor)), m_confusion(new plots::ConfusionMatrix),
      m_regression(new plots::RegressionChart), m_evaluationPages(new QStackedWidget),
      m_tabs(new QTabWidget), m_split(new QComboBox), m_cellInfo(new QLabel),
      m_samples(new QListWidget), m_perClass(new QTableWidget(0, 5)),
      m_spec(makeJsonView(QStringLiteral("specText"))),
      m_env(makeJsonView(QStringLiteral("envText")))
{
    setObjectName(QStringLiteral("runDetailView"));
    m_back->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_title->setFont(big);
    m_subtitle->setObjectName(QStringLiteral("runSubtitle"));
    m_subtitle->setStyleSheet(QStringLiteral("color: #4b5563;"));

    m_perClass->setObjectName(QStringLiteral("perClassTable"));
    m_perClass->setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    m_perClass->verticalHeader()->hide();
    m_perClass->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_perClass->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    QTabWidget *tabs = m_tabs;
    tabs->addTab(makeConfusionTab(), tr("Confusion matrix"));
    tabs->addTab(m_perClass, tr("Per class"));
    tabs->addTab(m_spec, tr("Spec"));
    tabs->addTab(m_env, tr("Environment"));

    // The subtitle runs under the title and the buttons: beside the buttons it was cut short
    // (its start time hidden) in a 1024 px window.
    auto *header = new QGridLayout;
    header->setHorizontalSpacing(8);
    header->setVerticalSpacing(0);
    header->addWidget(m_back, 0, 0, Qt::AlignTop);
    header->addWidget(m_title, 0, 1);
    header->addWidget(m_actions, 0, 2, Qt::AlignTop);
    header->addWidget(m_subtitle, 1, 1, 1, 2);
    header->setColumnStretch(1, 1);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_charts);
    split->addWidget(tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({330, 330});
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    connect(m_back, &QPushButton::clicked, this, &RunDetailView::backRequested);
    // Back by keyboard as in a browser: Esc, Alt+Left (QKeySequence::Back) or Backspace.
    for (const QKeySequence &key : {QKeySequence(Qt::Key_Escape), QKeySequence(QKeySequence::Back),
                                    QKeySequence(Qt::Key_Backspace)}) {
        auto *shortcut = new QShortcut(key, this, this, &RunDetailView::backRequested);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    }
    m_back->setToolTip(tr("Back to all runs (Esc, Alt+Left)"));
    connect(m_confusion, &plots::ConfusionMatrix::cellClicked, this, &RunDetailView::showCell);
    connect(m_regression, &plots::RegressionChart::pointClicked, this, &RunDetailView::showPoint);
    // The sample panel follows the split: the chosen cell's samples of the split now shown.
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] {
        const QPair<int, int> cell = m_confusion->selectedCell();
        showEvaluation();
        if (cell.first >= 0 && m_evaluationPages->currentWidget() == m_confusion)
            m_confusion->selectCell(cell.first, cell.second); // reads this split's samples
    });
}

QWidget *RunDetailView::makeConfusionTab()
{
    m_split->setObjectName(QStringLiteral("splitCombo"));
    m_cellInfo->setObjectName(QStringLiteral("cellInfo"));
    m_cellInfo->setWordWrap(true);
    m_cellInfo->setText(tr("Click a cell to see its samples."));
    m_samples->setObjectName(QStringLiteral("cellSamples"));
    m_samples->setViewMode(QListView::IconMode);
    m_samples->setIconSize(QSize(56, 56));

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *splitRow = new QHBoxLayout;
    splitRow->addWidget(new QLabel(tr("Split:")));
    splitRow->addWidget(m_split, 1);
    sideLayout->addLayout(splitRow);
    sideLayout->addWidget(m_cellInfo);
    sideLayout->addWidget(m_samples, 1);

    m_evaluationPages->addWidget(m_confusion);
    m_evaluationPages->addWidget(m_regression);
    auto *tab = new QSplitter(Qt::Horizontal);
    tab->addWidget(m_evaluationPages);
    tab->addWidget(side);
    tab->setStretchFactor(0, 1);
    tab->setStretchFactor(1, 0);
    tab->setSizes({800, 340}); // the square matrix uses the height; the rest goes to the samples
    return tab;
}

void RunDetailView::setWorkspaceDir(const std::filesystem::path &dir)
{
    m_workspaceDir = dir;
    m_charts->setWorkspaceDir(dir);
    m_record = {};
}

void RunDetailView::setRecord(const training::RunRecord &record)
{
    const bool sameRun = record.id == m_record.id;
    const bool summaryChanged = !sameRun || record.summary != m_record.summary;
    const bool envChanged = !sameRun || record.env != m_record.env;
    m_record = record;
    const QString status = QLatin1String(training::statusName(record.status));
    m_title->setText(QStringLiteral("%1  <span style='font-weight:normal; color:#4b5563'>%2</span>")
                         .arg(QString::fromStdString(record.name).toHtmlEscaped(), status));
    const json &spec = record.spec;
    QStringList facts;
    facts << QString::fromStdString(record.datasetRef.empty() ? spec.value("dataset", std::string())
                                                              : record.datasetRef);
    if (spec.is_object() && spec.contains("model"))
        facts << QString::fromStdString(spec["model"].value("arch", std::string()));
    if (spec.is_object() && spec.contains("optimizer"))
        facts << tr("%1, lr %2")
                     .arg(QString::fromStdString(spec["optimizer"].value("name", std::string())))
                     .arg(spec["optimizer"].value("lr", 0.0));
    facts << tr("started %1")
                 .arg(record.startedAt.empty() ? tr("not yet") : displayDate(record.startedAt));
    if (!record.error.empty())
        facts << tr("error: %1").arg(QString::fromStdString(record.error));
    m_subtitle->setText(facts.join(QStringLiteral("  ·  ")));
    m_actions->setRun(record.id, record.status);
    m_charts->setRuns({ChartRun{record.id, QString::fromStdString(record.name)}});
    if (!sameRun) {
        m_cellRead.drop(); // a read still running for the previous run is answered to no one
        m_spec->setPlainText(prettyJson(record.spec));
        m_samples->clear();
        m_cellInfo->setText(tr("Click a cell to see its samples."));
    }
    if (envChanged) // refilled each poll, it would lose the scroll position and selection
        m_env->setPlainText(prettyJson(record.env));
    if (summaryChanged) {
        m_summary = training::RunSummary::fromJson(record.summary);
        const QString current = m_split->currentText();
        m_split->blockSignals(true);
        m_split->clear();
        for (const char *name : {"val", "test"})
            if (m_summary.evaluation(name))
                m_split->addItem(QLatin1String(name));
        const int keep = m_split->findText(current);
        m_split->setCurrentIndex(keep >= 0 ? keep : 0);
        m_split->blockSignals(false);
        showEvaluation();
    }
}

bool RunDetailView::isLoading() const { return m_charts->isLoading() || m_cellRead.busy(); }

void RunDetailView::showEvaluation()
{
    const training::Evaluation *evaluation =
        m_summary.evaluation(m_split->currentText().toStdString());
    const bool regression = evaluation && evaluation->regression;
    m_evaluationPages->setCurrentWidget(regression ? static_cast<QWidget *>(m_regression)
                                                   : m_confusion);
    m_tabs->setTabText(0, regression ? tr("Predicted vs actual") : tr("Confusion matrix"));
    m_tabs->setTabVisible(1, !regression);
    if (regression) {
        QList<plots::RegressionPoint> points;
        for (const auto &[sample, actual, predicted] : evaluation->points)
            points << plots::RegressionPoint{qint64(sample), actual, predicted};
        m_regression->setData(
            QString::fromStdString(m_summary.target), points,
            QList<qint64>(evaluation->residualCounts.begin(), evaluation->residualCounts.end()),
            evaluation->residualLow, evaluation->residualHigh);
        m_cellInfo->setText(tr("RMSE <b>%1</b> · MAE <b>%2</b> · R² <b>%3</b> on %4 samples of "
                               "the %5 split.<br>Click a point to see its row.")
                                .arg(evaluation->rmse, 0, 'g', 4)
                                .arg(evaluation->mae, 0, 'g', 4)
                                .arg(evaluation->r2, 0, 'f', 4)
                                .arg(evaluation->samples)
                                .arg(m_split->currentText()));
        m_samples->clear();
        m_samples->setViewMode(QListView::ListMode);
        return;
    }
    plots::ConfusionMatrix::Matrix matrix;
    if (evaluation)
        for (const std::vector<int64_t> &row : evaluation->confusion)
            matrix << QList<qint64>(row.begin(), row.end());
    const QStringList names = classNames();
    m_confusion->setMatrix(matrix, names); // no cell chosen: nor are its samples shown
    m_cellRead.drop();
    m_samples->clear();
    m_cellInfo->setText(tr("Click a cell to see its samples."));

    const auto &rows = evaluation ? evaluation->perClass : std::vector<training::ClassScores>();
    m_perClass->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_perClass->setItem(r, column, item);
        };
        const training::ClassScores &scores = rows[size_t(r)];
        cell(0, names.value(r, QString::number(r)));
        cell(1, QString::number(scores.precision, 'f', 4));
        cell(2, QString::number(scores.recall, 'f', 4));
        cell(3, QString::number(scores.f1, 'f', 4));
        cell(4, QString::number(scores.support));
    }
}

QStringList RunDetailView::classNames() const
{
    QStringList names;
    for (const std::string &name : m_summary.classes)
        names << QString::fromStdString(name);
    return names;
}

// The summary keeps the confusion counts but not which samples went where: the worker predicts
// the split with the run's model (once per checkpoint) and picks the cell's samples.
struct RunDetailView::CellAnswer {
    exporting::CellSamples cell;
    QStringList fields; // a regression point's row
    QString error;
};

void RunDetailView::showCell(int trueClass, int predicted)
{
    const QStringList names = classNames();
    const QString t = names.value(trueClass, QString::number(trueClass));
    const QString p = names.value(predicted, QString::number(predicted));
    const qint64 count = m_confusion->count(trueClass, predicted);
    m_cellRead.drop();
    m_samples->clear();
    m_cellHeadline =
        trueClass == predicted
            ? tr("<b>%1</b> samples of class <b>%2</b> classified correctly (%3 split)")
                  .arg(count)
                  .arg(t, m_split->currentText())
            : tr("<b>%1</b> samples of class <b>%2</b> predicted as <b>%3</b> (%4 split)")
                  .arg(count)
                  .arg(t, p, m_split->currentText());
    if (count == 0) {
        m_cellInfo->setText(m_cellHeadline + QLatin1Char('.'));
        return;
    }
    m_cellInfo->setText(m_cellHeadline + tr(" — finding them…"));
    m_cellRead.read(catchingErrors([dir = m_workspaceDir, runId = m_record.id,
                                    split = m_split->currentText().toStdString(), trueClass,
                                    predicted, last = m_lastPredictions] {
                        workspace::Workspace ws(dir);
                        *last = exporting::predictSplit(ws, runId, split, *last);
                        CellAnswer answer;
                        answer.cell = exporting::cellSamples(**last, trueClass, predicted);
                        return answer;
                    }),
                    [this](CellAnswer answer) { showCellSamples(answer); });
}

void RunDetailView::showPoint(int index)
{
    const auto &points = m_regression->points();
    if (index < 0 || index >= points.size())
        return;
    const plots::RegressionPoint point = points[index];
    m_cellRead.drop();
    m_samples->clear();
    m_cellHeadline = tr("Sample <b>#%1</b>: actual <b>%2</b>, predicted <b>%3</b> (off by %4)")
                         .arg(point.sample)
                         .arg(point.actual, 0, 'g', 6)
                         .arg(point.predicted, 0, 'g', 6)
                         .arg(point.predicted - point.actual, 0, 'g', 4);
    m_cellInfo->setText(m_cellHeadline + tr(" — reading its row…"));
    const std::string ref = m_record.datasetRef.empty()
                                ? m_record.spec.value("dataset", std::string())
                                : m_record.datasetRef;
    m_cellRead.read(
        catchingErrors([dir = m_workspaceDir, ref, sample = point.sample, last = m_lastVersion] {
            if (!last->content || last->ref != ref) {
                workspace::Workspace ws(dir);
                last->content = std::make_shared<const datasets::DatasetContent>(
                    datasets::DatasetStore(ws).load(ref));
                last->ref = ref;
            }
            CellAnswer answer;
            answer.fields = sampleFields(*last->content, sample);
            return answer;
        }),
        [this](CellAnswer answer) {
            m_samples->clear();
            m_cellInfo->setText(
                m_cellHeadline
                + (answer.error.isEmpty()
                       ? QStringLiteral(".")
                       : QStringLiteral(".<br><span style='color:#b42318'>%1</span>")
                             .arg(answer.error.toHtmlEscaped())));
            m_samples->setViewMode(QListView::ListMode);
            m_samples->addItems(answer.fields);
        });
}

void RunDetailView::showCellSamples(const CellAnswer &answer)
{
    m_samples->clear();
    if (!answer.error.isEmpty()) {
        m_cellInfo->setText(m_cellHeadline
                            + QStringLiteral(".<br><span style='color:#b42318'>%1</span>")
                                  .arg(answer.error.toHtmlEscaped()));
        return;
    }
    const exporting::CellSamples &cell = answer.cell;
    m_cellInfo->setText(m_cellHeadline
                        + tr(", most confident first%1.")
                              .arg(cell.total > qint64(cell.samples.size())
                                       ? tr(" (the first %1)").arg(cell.samples.size())
                                       : QString()));
    for (const exporting::CellSample &sample : cell.samples) {
        const QString confidence =
            QString::number(sample.confidence * 100.0, 'f', 1) + QLatin1Char('%');
        auto *item = new QListWidgetItem;
        item->setData(Qt::UserRole, qint64(sample.index));
        item->setData(Qt::UserRole + 1, sample.confidence);
        item->setToolTip(tr("%1 sample %2: %3 sure")
                             .arg(QString::fromStdString(cell.datasetRef))
                             .arg(sample.index)
                             .arg(confidence));
        if (cell.image) {
            const QImage image = sampleImage(sample.pixels.data(), int(cell.shape.at(0)),
                                             int(cell.shape.at(1)), int(cell.shape.at(2)));
            item->setIcon(QIcon(QPixmap::fromImage(
                image.scaled(m_samples->iconSize(), Qt::KeepAspectRatio, Qt::FastTransformation))));
            item->setText(confidence);
        } else {
            QStringList values;
            for (float v : sample.values)
                values << QString::number(double(v), 'g', 4);
            item->setText(tr("#%1  %2  (%3)")
                              .arg(sample.index)
                              .arg(values.join(QStringLiteral(", ")), confidence));
        }
        m_samples->addItem(item);
    }
    // Tables read better as a list; images as a grid of thumbnails.
    m_samples->setViewMode(cell.image ? QListView::IconMode : QListView::ListMode);
}

} // namespace dllab::ui
