#include "ui/datasets/preview_pane.h"

#include "ui/datasets/column_stats_model.h"
#include "ui/datasets/preview_models.h"

#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dllab::ui {

namespace {

constexpr int kStretchedColumns = 8;

QListView *makeThumbnailView()
{
    auto *view = new QListView;
    view->setObjectName(QStringLiteral("thumbnailView"));
    view->setViewMode(QListView::IconMode);
    view->setMovement(QListView::Static); // a preview, not an arrangement: no dragging
    view->setDragEnabled(false);
    view->setAcceptDrops(false);
    view->setResizeMode(QListView::Adjust);
    view->setUniformItemSizes(true);
    view->setSpacing(4);
    view->setIconSize(QSize(56, 56));
    view->setGridSize(QSize(72, 84));
    view->setWordWrap(false);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setStyleSheet(QStringLiteral("QListView { background: #f7f8fa; }"));
    return view;
}

QTableView *makeTableView()
{
    auto *view = new QTableView;
    view->setObjectName(QStringLiteral("tablePreview"));
    view->setAlternatingRowColors(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->verticalHeader()->setDefaultSectionSize(22);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setWordWrap(false);
    return view;
}

QTableView *makeColumnsView(ColumnStatsModel *model)
{
    auto *view = new QTableView;
    view->setObjectName(QStringLiteral("columnStats"));
    view->setModel(model);
    view->setItemDelegateForColumn(ColumnStatsModel::Distribution, new DistributionDelegate(view));
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->verticalHeader()->hide();
    // Two lines a row: the summary wraps rather than ending in "…" in a 1024 px window (its
    // tooltip holds it whole either way).
    view->setWordWrap(true);
    view->verticalHeader()->setDefaultSectionSize(2 * view->fontMetrics().lineSpacing() + 8);
    QHeaderView *header = view->horizontalHeader();
    header->setMinimumSectionSize(40); // Type and Missing as narrow as their text
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ColumnStatsModel::Name, QHeaderView::Interactive);
    header->resizeSection(ColumnStatsModel::Name, 140);
    header->setSectionResizeMode(ColumnStatsModel::Summary, QHeaderView::Stretch);
    header->setSectionResizeMode(ColumnStatsModel::Distribution, QHeaderView::Fixed);
    header->resizeSection(ColumnStatsModel::Distribution, 110);
    return view;
}

} // namespace

PreviewPane::PreviewPane(QWidget *parent)
    : QWidget(parent), m_imageModel(new ImagePreviewModel(this)),
      m_tableModel(new TablePreviewModel(this)), m_columnModel(new ColumnStatsModel(this)),
      m_caption(new QLabel), m_stack(new QStackedWidget), m_message(new QLabel),
      m_thumbnails(makeThumbnailView()), m_table(makeTableView()),
      m_columns(makeColumnsView(m_columnModel)), m_tableTabs(new QTabWidget)
{
    setObjectName(QStringLiteral("previewPane"));
    m_thumbnails->setModel(m_imageModel);
    m_table->setModel(m_tableModel);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("previewMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont captionFont = m_caption->font();
    captionFont.setBold(true);
    m_caption->setFont(captionFont);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_thumbnails);
    m_tableTabs->setDocumentMode(true);
    m_tableTabs->addTab(m_table, tr("Rows"));
    m_tableTabs->addTab(m_columns, tr("Columns"));
    m_stack->addWidget(m_tableTabs);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_caption);
    layout->addWidget(m_stack, 1);

    showMessage(tr("Select a dataset version to preview its samples."));
}

bool PreviewPane::isLoading() const { return m_read.busy(); }

void PreviewPane::showVersion(const std::filesystem::path &workspaceDir, const QString &ref)
{
    m_caption->setText(tr("Preview of %1").arg(ref));
    m_message->setText(tr("Loading %1…").arg(ref));
    m_stack->setCurrentWidget(m_message);
    m_read.read([workspaceDir, ref] { return readPreview(workspaceDir, ref); },
                [this](PreviewData preview) { apply(preview); });
}

void PreviewPane::showMessage(const QString &message)
{
    m_read.drop();
    m_shownRef.clear();
    m_imageModel->setPreview({});
    m_tableModel->setPreview({});
    m_columnModel->setStatistics({}, 0);
    m_caption->setText(tr("Preview"));
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

void PreviewPane::apply(const PreviewData &preview)
{
    m_shownRef = preview.ref;
    m_imageModel->setPreview(preview);
    m_tableModel->setPreview(preview);
    m_columnModel->setStatistics(preview.columnStats, preview.samples);
    if (!preview.error.isEmpty()) {
        m_caption->setText(tr("Preview of %1").arg(preview.ref));
        m_message->setText(tr("Could not load the preview: %1").arg(preview.error));
        m_stack->setCurrentWidget(m_message);
    } else {
        const qsizetype shown = preview.isImage ? preview.images.size() : preview.rows.size();
        m_caption->setText(tr("Preview of %1: first %2 of %3 samples")
                               .arg(preview.ref, QLocale().toString(qlonglong(shown)),
                                    QLocale().toString(qlonglong(preview.samples))));
        if (preview.isImage) {
            if (!preview.images.isEmpty()) {
                const QSize icon = ImagePreviewModel::thumbnailSize(preview.images.first().size());
                m_thumbnails->setIconSize(icon);
                m_thumbnails->setGridSize(icon + QSize(16, 28)); // room for the class name
            }
            m_stack->setCurrentWidget(m_thumbnails);
        } else {
            m_stack->setCurrentWidget(m_tableTabs);
            // A few columns share the width; many keep their natural width and scroll.
            const bool few = m_tableModel->columnCount() <= kStretchedColumns;
            m_table->horizontalHeader()->setSectionResizeMode(few ? QHeaderView::Stretch
                                                                  : QHeaderView::Interactive);
            if (!few)
                m_table->resizeColumnsToContents();
        }
    }
    Q_EMIT previewShown(preview.ref);
}

} // namespace dllab::ui
