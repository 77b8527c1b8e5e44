#include "ui/runs/augment_panel.h"

#include "datasets/dataset_store.h"
#include "training/augment_grid.h"
#include "training/run_spec.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <mutex>

using nlohmann::json;

namespace dllab::ui {

namespace {

// The grid is scaled into this box (4 rows of 8 cells), reserved before it is drawn so that the
// dialog does not change size when it arrives; the dialog stays within 1024 × 700.
constexpr int kPreviewWidth = 340, kPreviewHeight = 180;

} // namespace

struct AugmentPanel::Cache {
    std::mutex mutex;
    std::string ref;
    std::shared_ptr<const datasets::DatasetContent> content;
};

AugmentPanel::AugmentPanel(std::filesystem::path workspaceDir, QWidget *parent)
    : QGroupBox(tr("Augment &images (training split)"), parent),
      m_workspaceDir(std::move(workspaceDir)), m_flip(new QCheckBox(tr("Mirror left-right"))),
      m_shift(new QSpinBox), m_rotation(new QSpinBox), m_scale(new QDoubleSpinBox),
      m_brightness(new QDoubleSpinBox), m_contrast(new QDoubleSpinBox), m_preview(new QLabel),
      m_cache(std::make_shared<Cache>())
{
    setObjectName(QStringLiteral("augmentPanel"));
    setCheckable(true);
    setChecked(false);
    m_shift->setRange(0, 64);
    m_shift->setSuffix(tr(" px"));
    m_rotation->setRange(0, 180);
    m_rotation->setSuffix(QStringLiteral("°"));
    for (QDoubleSpinBox *spin : {m_scale, m_brightness, m_contrast}) {
        spin->setRange(0.0, 0.9);
        spin->setSingleStep(0.05);
        spin->setPrefix(QStringLiteral("± "));
    }
    m_brightness->setMaximum(1.0);
    m_contrast->setMaximum(1.0);
    m_preview->setObjectName(QStringLiteral("augmentGrid"));
    m_preview->setFixedSize(kPreviewWidth, kPreviewHeight);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setWordWrap(true);
    m_preview->setToolTip(tr("One row per class: a training sample, then random draws of the "
                             "augmentation (the run draws anew for every batch)"));

    auto *form = new QFormLayout;
    form->addRow(QString(), m_flip);
    form->addRow(tr("Shift up to:"), m_shift);
    form->addRow(tr("Rotate up to:"), m_rotation);
    form->addRow(tr("Zoom:"), m_scale);
    form->addRow(tr("Brightness:"), m_brightness);
    form->addRow(tr("Contrast:"), m_contrast);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    if (m_workspaceDir.empty())
        m_preview->hide();

    const auto edited = [this] {
        redraw();
        Q_EMIT changed();
    };
    connect(this, &QGroupBox::toggled, this, edited);
    connect(m_flip, &QCheckBox::toggled, this, edited);
    for (QSpinBox *spin : {m_shift, m_rotation})
        connect(spin, &QSpinBox::valueChanged, this, edited);
    for (QDoubleSpinBox *spin : {m_scale, m_brightness, m_contrast})
        connect(spin, &QDoubleSpinBox::valueChanged, this, edited);
}

AugmentPanel::~AugmentPanel() = default;

json AugmentPanel::augment() const
{
    if (!isChecked())
        return nullptr;
    return training::toJson(training::AugmentSpec{m_flip->isChecked(), m_shift->value(),
                                                  double(m_rotation->value()), m_scale->value(),
                                                  m_brightness->value(), m_contrast->value()});
}

void AugmentPanel::setAugment(const json &augment)
{
    const QSignalBlocker blockSelf(this);
    training::AugmentSpec spec;
    try {
        if (augment.is_object())
            spec = training::parseAugment(augment);
    } catch (const std::exception &) {
        // A stored spec the engine refuses: the form shows defaults and the check says why.
    }
    setChecked(augment.is_object());
    for (QWidget *field : std::initializer_list<QWidget *>{m_flip, m_shift, m_rotation, m_scale,
                                                           m_brightness, m_contrast})
        field->blockSignals(true);
    m_flip->setChecked(spec.hflip);
    m_shift->setValue(int(spec.cropPadding));
    m_rotation->setValue(int(spec.rotation));
    m_scale->setValue(spec.scale);
    m_brightness->setValue(spec.brightness);
    m_contrast->setValue(spec.contrast);
    for (QWidget *field : std::initializer_list<QWidget *>{m_flip, m_shift, m_rotation, m_scale,
                                                           m_brightness, m_contrast})
        field->blockSignals(false);
    redraw();
}

void AugmentPanel::setVersion(const QString &ref)
{
    if (ref == m_ref)
        return;
    m_ref = ref;
    redraw();
}

void AugmentPanel::redraw()
{
    if (m_workspaceDir.empty() || m_ref.isEmpty())
        return;
    // Unchecked, the grid shows the samples as they are: what the run would train on.
    training::AugmentSpec spec;
    if (isChecked())
        spec = training::parseAugment(augment());
    if (m_image.isNull())
        m_preview->setText(tr("Drawing…")); // later drawings replace the grid without a blink
    m_grid.read(
        catchingErrors([dir = m_workspaceDir, ref = m_ref.toStdString(), spec, cache = m_cache] {
            std::shared_ptr<const datasets::DatasetContent> content;
            {
                std::lock_guard lock(cache->mutex);
                if (cache->ref == ref)
                    content = cache->content;
            }
            if (!content) {
                workspace::Workspace ws(dir);
                content = std::make_shared<const datasets::DatasetContent>(
                    datasets::DatasetStore(ws).load(ref));
                std::lock_guard lock(cache->mutex);
                cache->ref = ref;
                cache->content = content;
            }
            const auto grid = training::augmentGrid(*content, spec, 0);
            return Grid{QImage::fromData(reinterpret_cast<const uchar *>(grid.png.data()),
                                         int(grid.png.size()), "PNG"),
                        {}};
        }),
        [this](Grid grid) {
            if (!grid.error.isEmpty()) {
                m_image = {};
                m_preview->setText(grid.error);
                return;
            }
            m_image = grid.image;
            m_preview->setPixmap(QPixmap::fromImage(m_image.scaled(
                kPreviewWidth, kPreviewHeight, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        });
}

} // namespace dllab::ui
