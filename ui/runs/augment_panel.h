#pragma once
// New Run's image augmentation: a checkable group with the run spec's "augment" fields and a grid
// of augmented training samples of the chosen version (the engine's augmentGrid, drawn off the
// GUI thread and again as the settings change), one row per class, the original first. Shown for
// image versions only. GUI thread only.
#include "ui/shell/latest_read.h"

#include <nlohmann/json.hpp>

#include <QGroupBox>
#include <QImage>

#include <filesystem>
#include <memory>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace dllab::datasets {
struct DatasetContent;
}

namespace dllab::ui {

class AugmentPanel : public QGroupBox {
    Q_OBJECT
public:
    // Without a workspace folder there is no grid (a sweep's run template has no one version).
    explicit AugmentPanel(std::filesystem::path workspaceDir, QWidget *parent = nullptr);
    ~AugmentPanel() override;

    // The spec's "augment": null when the group is unchecked.
    nlohmann::json augment() const;
    void setAugment(const nlohmann::json &augment);
    // The version the grid shows samples of ("name@vN").
    void setVersion(const QString &ref);

    QLabel *preview() const { return m_preview; }
    QCheckBox *flipBox() const { return m_flip; }
    QSpinBox *rotationSpin() const { return m_rotation; }
    bool isDrawing() const { return m_grid.busy(); }
    // The grid last drawn (null before), as the panel shows it scaled.
    const QImage &grid() const { return m_image; }

Q_SIGNALS:
    void changed();

private:
    struct Grid {
        QImage image;
        QString error;
    };
    struct Cache; // the chosen version's content, loaded once, shared with the drawing thread

    void redraw();

    std::filesystem::path m_workspaceDir;
    QString m_ref;
    QCheckBox *m_flip;
    QSpinBox *m_shift, *m_rotation;
    QDoubleSpinBox *m_scale, *m_brightness, *m_contrast;
    QLabel *m_preview;
    QImage m_image;
    std::shared_ptr<Cache> m_cache;
    LatestRead<Grid> m_grid{this};
};

} // namespace dllab::ui
