#pragma once
// "Try it" on a run: drop (or open) an image, or type a row of feature values (for a table with
// text categories and dates, a field per column), and see the
// trained model's class probabilities as a bar chart. The model is loaded and asked on worker
// threads through LatestRead, one request at a time; a request made while one runs replaces any
// waiting one, so typing never queues up work. GUI thread only; owns its widgets.
#include "ui/shell/latest_read.h"

#include <QDialog>

#include <filesystem>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace dllab::exporting {
class ModelTryout;
} // namespace dllab::exporting

namespace dllab::plots {
class ProbabilityChart;
}

namespace dllab::ui {

class TryItDialog : public QDialog {
    Q_OBJECT
public:
    TryItDialog(std::filesystem::path workspaceDir, qint64 runId, const QString &runName,
                QWidget *parent = nullptr);
    ~TryItDialog() override;

    // Asks the model about a file (image, CSV or IDX: its first sample) or a typed row.
    void tryFile(const QString &file);
    void tryValues(const QString &commaSeparated);
    // A raw row of a table with typed columns, a cell per column ("" is missing).
    void tryRow(const QStringList &cells);
    // True while the model loads or a request is being answered or waits.
    bool isBusy() const;
    bool takesImages() const { return m_takesImages; }

    plots::ProbabilityChart *chart() const { return m_chart; }
    QLabel *errorLabel() const { return m_error; }
    QLineEdit *valuesEdit() const { return m_values; }
    // Typed tables: a field per column (a combo box of its values for a category, else a line).
    const QList<QWidget *> &rowFields() const { return m_rowFields; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    // A file, typed values, or a typed table's raw row.
    using Request = std::variant<QString, std::vector<double>, std::vector<std::string>>;
    struct Answer;

    void onModelLoaded(const Answer &loaded);
    void submit(Request request);
    void onAnswered(const Answer &answer);
    // No prediction shown: zero bars, no image (before the first input, and beside an error).
    void clearAnswer();
    // The form of a typed table's columns, built once the model is in.
    void buildRowForm();
    QStringList rowCells() const;

    std::filesystem::path m_workspaceDir;
    std::string m_runRef;
    std::shared_ptr<exporting::ModelTryout> m_tryout;
    bool m_takesImages = false;
    std::optional<Request> m_waiting; // asked for while the model loads
    LatestRead<Answer> m_load{this};
    LatestRead<Answer> m_ask{this};
    QLabel *m_expected;
    QWidget *m_imageInput;
    QWidget *m_tableInput;
    QProgressBar *m_busy;
    QLabel *m_image;
    QLabel *m_inputLabel;
    QLineEdit *m_values;
    QWidget *m_rowForm;
    QList<QWidget *> m_rowFields;
    QPushButton *m_openImage;
    QPushButton *m_openCsv;
    QPushButton *m_predict;
    QLabel *m_error;
    plots::ProbabilityChart *m_chart;
};

} // namespace dllab::ui
