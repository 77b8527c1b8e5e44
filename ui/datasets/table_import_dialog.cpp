#include "ui/datasets/table_import_dialog.h"

#include "ui/datasets/column_type_delegate.h"
#include "ui/datasets/drop_import.h"
#include "ui/datasets/import_column_model.h"
#include "ui/datasets/preview_data.h"
#include "ui/datasets/preview_models.h"
#include "workspace/error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace dllab::ui {

namespace {

constexpr int kRows = 20;
constexpr int kProgressMs = 100;
// Wide cells (free text) are cut here; the tooltip and a wider column show the rest.
constexpr int kMaxCellWidth = 240;

QLabel *buddyLabel(const QString &text, QWidget *buddy)
{
    auto *label = new QLabel(text);
    label->setBuddy(buddy);
    return label;
}

QWidget *titled(QLabel *title, QWidget *body)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(body, 1);
    return box;
}

// The last column of the columns table stretches to the edge instead.
void fitColumns(QTableView *view, bool stretchLast)
{
    const int columns = view->model()->columnCount() - (stretchLast ? 1 : 0);
    for (int c = 0; c < columns; ++c) {
        view->resizeColumnToContents(c);
        view->setColumnWidth(c, std::min(view->columnWidth(c), kMaxCellWidth));
    }
}

} // namespace

TableImportDialog::TableImportDialog(const QString &path, QWidget *parent)
    : QDialog(parent), m_path(path), m_name(new QLineEdit), m_label(new QComboBox),
      m_task(new QComboBox), m_columnsView(new QTableView), m_rowsView(new QTableView),
      m_summary(new QLabel), m_notes(new QLabel), m_error(new QLabel),
      m_columns(new ImportColumnModel(this)), m_rows(new TablePreviewModel(this))
{
    setWindowTitle(tr("Import %1").arg(QFileInfo(path).fileName()));
    setSizeGripEnabled(true);
    m_name->setText(suggestedDatasetName({path}));
    m_name->setObjectName(QStringLiteral("datasetName"));
    m_label->setObjectName(QStringLiteral("labelColumn"));
    m_label->setEnabled(false); // until the header is read
    m_label->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_label->setMinimumContentsLength(24);
    m_task->setObjectName(QStringLiteral("importTask"));
    m_task->addItem(tr("auto"));
    m_task->addItem(tr("classification"), int(datasets::Task::Classification));
    m_task->addItem(tr("regression"), int(datasets::Task::Regression));
    m_task->setToolTip(tr("auto: a number with fractions or more than 30 values is a target to "
                          "predict (regression); anything else names classes"));
    layOut();

    connect(m_name, &QLineEdit::textChanged, this, &TableImportDialog::updateImportButton);
    connect(m_label, &QComboBox::currentIndexChanged, this, &TableImportDialog::onLabelChosen);
    connect(m_task, &QComboBox::currentIndexChanged, this, &TableImportDialog::requestPreview);
    connect(m_columns, &ImportColumnModel::overridesChanged, this,
            &TableImportDialog::requestPreview);
    m_progressTimer.setInterval(kProgressMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &TableImportDialog::showProgress);

    // Big enough for the tables, no bigger than its window or the screen (it works down to
    // 1024 × 700 and below).
    QSize size(1100, 760);
    if (parent)
        size = size.boundedTo(parent->window()->size());
    if (const QScreen *screen = this->screen())
        size = size.boundedTo(screen->availableGeometry().size());
    resize(size.expandedTo(minimumSizeHint()));
    requestPreview();
}

TableImportDialog::~TableImportDialog() { m_stop.request_stop(); }

void TableImportDialog::layOut()
{
    auto *top = new QGridLayout;
    top->addWidget(buddyLabel(tr("Dataset &name:"), m_name), 0, 0);
    top->addWidget(m_name, 0, 1);
    top->addWidget(buddyLabel(tr("&Label column:"), m_label), 0, 2);
    top->addWidget(m_label, 0, 3);
    top->addWidget(buddyLabel(tr("&Task:"), m_task), 0, 4);
    top->addWidget(m_task, 0, 5);
    top->setColumnStretch(1, 1);
    top->setColumnStretch(3, 1);

    m_columnsView->setObjectName(QStringLiteral("importColumns"));
    m_columnsView->setModel(m_columns);
    m_columnsView->setItemDelegateForColumn(ImportColumnModel::TypeColumn,
                                            new ColumnTypeDelegate(m_columnsView));
    m_columnsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_columnsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_columnsView->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked
        | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_columnsView->setTabKeyNavigation(false); // Tab leaves the table; arrows move in it
    m_columnsView->verticalHeader()->hide();
    m_columnsView->horizontalHeader()->setStretchLastSection(true);
    m_columnsView->setWordWrap(false);
    // Rows as high as the combo box drawn in them, and no higher: more columns show at once.
    m_columnsView->verticalHeader()->setDefaultSectionSize(QComboBox().sizeHint().height() + 2);
    // Only the Type cell takes input: the keyboard stays on it, and a click opens its choices.
    connect(m_columnsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.column() != ImportColumnModel::TypeColumn)
                    m_columnsView->setCurrentIndex(
                        current.siblingAtColumn(ImportColumnModel::TypeColumn));
            });
    connect(m_columnsView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() != ImportColumnModel::TypeColumn
            || !(index.flags() & Qt::ItemIsEditable))
            return;
        m_columnsView->edit(index);
        if (auto *combo = qobject_cast<QComboBox *>(m_columnsView->indexWidget(index)))
            combo->showPopup();
    });

    m_rowsView->setObjectName(QStringLiteral("importRows"));
    m_rowsView->setModel(m_rows);
    m_rowsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rowsView->setTabKeyNavigation(false);
    m_rowsView->setWordWrap(false);
    m_rowsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(
        titled(buddyLabel(tr("C&olumns (F2 or a click on a type changes it):"), m_columnsView),
               m_columnsView));
    splitter->addWidget(
        titled(buddyLabel(tr("First &rows as they will be imported:"), m_rowsView), m_rowsView));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_notes->setObjectName(QStringLiteral("importNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->hide();
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("#importError { background: #fdecea; border: 1px solid "
                                          "#f5c2c0; border-radius: 4px; padding: 4px; color: "
                                          "#7f1d1d; }"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *file = new QLabel(QStringLiteral("<b>%1</b>").arg(m_path.toHtmlEscaped()));
    file->setTextFormat(Qt::RichText);
    file->setToolTip(m_path);
    layout->addWidget(file);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(m_notes);
    layout->addWidget(buttons);
    m_import->setDefault(true); // once in the dialog, which then keeps it the default: Enter

    setTabOrder(m_name, m_label);
    setTabOrder(m_label, m_task);
    setTabOrder(m_task, m_columnsView);
    setTabOrder(m_columnsView, m_rowsView);
    setTabOrder(m_rowsView, m_import);
    setTabOrder(m_import, buttons->button(QDialogButtonBox::Cancel));
}

QString TableImportDialog::datasetName() const { return m_name->text().trimmed(); }

void TableImportDialog::setDatasetName(const QString &name) { m_name->setText(name); }

QString TableImportDialog::labelColumn() const
{
    return m_headerShown ? m_label->currentText() : QString();
}

bool TableImportDialog::setLabelColumn(const QString &column)
{
    const int index = m_label->findText(column, Qt::MatchExactly | Qt::MatchCaseSensitive);
    if (index < 0)
        return false;
    m_label->setCurrentIndex(index);
    return true;
}

bool TableImportDialog::setColumnType(const QString &column,
                                      std::optional<datasets::ColumnType> type)
{
    if (column == labelColumn())
        return false;
    return m_columns->setOverride(column, type);
}

datasets::ImportOptions TableImportDialog::options() const
{
    datasets::ImportOptions options;
    options.format = datasets::ImportFormat::Csv;
    options.labelColumn = labelColumn().toStdString(); // empty until read: the last column
    options.columnTypes = m_columns->overrides();
    if (const QVariant task = m_task->currentData(); task.isValid())
        options.task = datasets::Task(task.toInt());
    return options;
}

QString TableImportDialog::errorText() const { return m_hasError ? m_error->text() : QString(); }

QString TableImportDialog::notesText() const { return m_notes->text(); }

void TableImportDialog::onLabelChosen(int index)
{
    if (index < 0)
        return;
    m_columns->clearOverride(m_label->itemText(index));
    requestPreview();
}

void TableImportDialog::requestPreview()
{
    // The read in flight answers an older question: stop it at its next chunk.
    m_stop.request_stop();
    m_stop = std::stop_source();
    m_progress = std::make_shared<std::atomic<int>>(0);
    JobContext ctx{m_stop.get_token(), [progress = m_progress](double fraction, const auto &) {
                       progress->store(int(fraction * 1000));
                   }};
    const std::filesystem::path file = m_path.toStdString();
    m_read.read(
        [file, options = options(), ctx] {
            Answer answer;
            try {
                answer.preview = datasets::previewCsv(file, options, ctx, kRows);
            } catch (const Cancelled &) {
                answer.stopped = true;
            } catch (const std::exception &e) {
                answer.preview.error = e.what();
            }
            return answer;
        },
        [this](Answer answer) { showAnswer(std::move(answer)); });
    showProgress();
    m_progressTimer.start();
    updateImportButton();
}

void TableImportDialog::showProgress()
{
    const int permille = m_progress ? m_progress->load() : 0;
    m_summary->setText(permille > 0 ? tr("Reading… %1 %").arg(permille / 10) : tr("Reading…"));
}

void TableImportDialog::showAnswer(Answer answer)
{
    if (answer.stopped)
        return; // only a stale read is stopped, and its answer is dropped before this
    m_progressTimer.stop();
    const datasets::CsvPreview &preview = answer.preview;
    if (!m_headerShown && !preview.columns.empty()) {
        const QSignalBlocker blocker(m_label);
        for (const auto &column : preview.columns)
            m_label->addItem(QString::fromStdString(column.name));
        m_label->setCurrentIndex(std::max(preview.labelIndex, 0));
        m_label->setEnabled(true);
        m_headerShown = true;
    }
    m_columns->setPreview(preview);
    const QModelIndex current = m_columnsView->currentIndex();
    if (!current.isValid() && m_columns->rowCount() > 0)
        m_columnsView->setCurrentIndex(m_columns->index(0, ImportColumnModel::TypeColumn));
    if (preview.error.empty()) // else the cells are empty: keep the widths they had
        fitColumns(m_columnsView, true);

    PreviewData rows;
    if (preview.error.empty()) {
        rows = makePreview(preview.head, 0, kRows);
        rows.labelName = labelColumn();
    } else {
        rows.error = QString::fromStdString(preview.error);
    }
    m_rows->setPreview(rows);
    fitColumns(m_rowsView, false);

    m_hasError = !preview.error.empty();
    m_error->setText(QString::fromStdString(preview.error));
    m_error->setVisible(m_hasError);
    QStringList notes;
    for (const auto &note : preview.notes)
        notes << QStringLiteral("• ") + QString::fromStdString(note);
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());
    if (m_hasError) {
        m_summary->setText(tr("The importer cannot read the file with these choices:"));
    } else {
        const auto features =
            std::count_if(preview.columns.begin(), preview.columns.end(),
                          [](const auto &c) { return c.role == datasets::ColumnRole::Feature; });
        const bool regression = preview.head.task == datasets::Task::Regression;
        m_summary->setText(
            (regression ? tr("%L1 rows, %2 feature columns, a number to predict (regression) in "
                             "“%3”.")
                              .arg(preview.rows)
                              .arg(features)
                              .arg(labelColumn())
                        : tr("%L1 rows, %2 feature columns, %3 classes in “%4”.")
                              .arg(preview.rows)
                              .arg(features)
                              .arg(preview.head.classNames.size())
                              .arg(labelColumn())));
    }
    updateImportButton();
    Q_EMIT previewShown();
}

void TableImportDialog::updateImportButton()
{
    m_import->setEnabled(m_headerShown && !m_hasError && !isReading() && !datasetName().isEmpty());
}

} // namespace dllab::ui
