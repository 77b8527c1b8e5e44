#include "ui/runs/try_it_dialog.h"

#include "export/model_tryout.h"
#include "plots/probability_chart.h"
#include "plots/recent_folder.h"
#include "ui/datasets/preview_data.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace dllab::ui {

namespace {

constexpr int kImageSide = 196;

} // namespace

struct TryItDialog::Answer {
    std::shared_ptr<exporting::ModelTryout> tryout; // loading
    std::optional<exporting::TryoutResult> result;  // asking
    QImage image; // asking an image model about a file: the sample it saw, scaled for the dialog
    QString error;
};

TryItDialog::TryItDialog(std::filesystem::path workspaceDir, qint64 runId, const QString &runName,
                         QWidget *parent)
    : QDialog(parent), m_workspaceDir(std::move(workspaceDir)), m_runRef(std::to_string(runId)),
      m_expected(new QLabel(tr("Loading the trained model…"))), m_imageInput(new QWidget),
      m_tableInput(new QWidget), m_busy(new QProgressBar), m_image(new QLabel),
      m_inputLabel(new QLabel), m_values(new QLineEdit), m_rowForm(new QWidget),
      m_openImage(new QPushButton(tr("Open image…"))), m_openCsv(new QPushButton(tr("Open CSV…"))),
      m_predict(new QPushButton(tr("Predict"))), m_error(new QLabel),
      m_chart(new plots::ProbabilityChart)
{
    setObjectName(QStringLiteral("tryItDialog"));
    setWindowTitle(tr("Try %1").arg(runName));
    setAcceptDrops(true);
    m_expected->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("tryItError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inputLabel->setObjectName(QStringLiteral("tryItInput"));
    m_inputLabel->setStyleSheet(QStringLiteral("color: #4b5563;"));
    m_values->setObjectName(QStringLiteral("tryItValues"));
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setMaximumHeight(6);
    m_busy->setTextVisible(false);

    m_image->setObjectName(QStringLiteral("tryItImage"));
    m_image->setFixedSize(kImageSide, kImageSide);
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setText(tr("Drop an image here"));
    m_image->setStyleSheet(QStringLiteral("QLabel { border: 2px dashed #b8c2cc; border-radius: "
                                          "6px; color: #6b7280; background: #f8fafc; }"));
    auto *imageLayout = new QVBoxLayout(m_imageInput);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addWidget(m_image, 0, Qt::AlignHCenter);
    imageLayout->addWidget(m_openImage, 0, Qt::AlignHCenter);

    auto *tableLayout = new QVBoxLayout(m_tableInput);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto *valuesLabel = new QLabel(tr("Feature values, comma-separated:"));
    valuesLabel->setObjectName(QStringLiteral("tryItValuesLabel"));
    tableLayout->addWidget(valuesLabel);
    tableLayout->addWidget(m_values);
    auto *rowScroll = new QScrollArea; // a wide table's form scrolls within the dialog
    rowScroll->setWidget(m_rowForm);
    rowScroll->setWidgetResizable(true);
    rowScroll->setFrameShape(QFrame::NoFrame);
    rowScroll->setObjectName(QStringLiteral("tryItRowScroll"));
    rowScroll->hide();
    tableLayout->addWidget(rowScroll, 1);
    auto *tableButtons = new QHBoxLayout;
    tableButtons->addWidget(m_predict);
    tableButtons->addWidget(m_openCsv);
    tableButtons->addStretch(1);
    tableLayout->addLayout(tableButtons);

    auto *left = new QVBoxLayout;
    left->addWidget(m_expected);
    left->addWidget(m_imageInput);
    left->addWidget(m_tableInput);
    left->addWidget(m_inputLabel);
    left->addWidget(m_error);
    left->addStretch(1);
    auto *body = new QHBoxLayout;
    body->addLayout(left, 2);
    body->addWidget(m_chart, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_busy);
    layout->addLayout(body, 1);
    m_imageInput->hide();
    m_tableInput->hide();
    resize(760, 420);

    const auto opens = [this](QPushButton *button, const QString &title, const QString &filter) {
        connect(button, &QPushButton::clicked, this, [this, title, filter] {
            const QString file =
                QFileDialog::getOpenFileName(this, title, plots::recentFolder(), filter);
            if (file.isEmpty())
                return;
            plots::rememberFolder(file);
            tryFile(file);
        });
    };
    opens(m_openImage, tr("Open an image"), tr("Images (*.png *.jpg *.jpeg)"));
    opens(m_openCsv, tr("Open a CSV file"), tr("CSV files (*.csv)"));
    connect(m_predict, &QPushButton::clicked, this,
            [this] { m_rowFields.isEmpty() ? tryValues(m_values->text()) : tryRow(rowCells()); });
    connect(m_values, &QLineEdit::returnPressed, this, [this] { tryValues(m_values->text()); });

    m_load.read(catchingErrors([dir = m_workspaceDir, ref = m_runRef] {
                    workspace::Workspace ws(dir);
                    Answer loaded;
                    loaded.tryout = std::make_shared<exporting::ModelTryout>(ws, ref);
                    return loaded;
                }),
                [this](Answer loaded) { onModelLoaded(loaded); });
}

// The workers hold only copies and shared pointers, nothing of the dialog's: one still running
// finishes on its own and its answer is dropped, so closing never waits for the model.
TryItDialog::~TryItDialog() = default;

bool TryItDialog::isBusy() const { return m_load.busy() || m_ask.busy() || m_waiting.has_value(); }

void TryItDialog::onModelLoaded(const Answer &loaded)
{
    if (!loaded.tryout) {
        m_expected->setText(tr("This run cannot be tried."));
        m_error->setText(loaded.error);
        m_waiting.reset();
        m_busy->hide();
        return;
    }
    m_tryout = loaded.tryout;
    m_takesImages = m_tryout->takesImages();
    m_expected->setText(
        tr("This model takes %1.").arg(QString::fromStdString(m_tryout->expectedInput())));
    m_imageInput->setVisible(m_takesImages);
    m_tableInput->setVisible(!m_takesImages);
    QStringList columns;
    for (const std::string &column : m_tryout->columns())
        columns << QString::fromStdString(column);
    m_values->setPlaceholderText(columns.join(QStringLiteral(", ")));
    // Numbers alone paste well as one comma-separated line; categories and dates get a field each.
    const auto &typed = m_tryout->typedColumns();
    if (std::any_of(typed.begin(), typed.end(), [](const models::InputColumn &column) {
            return column.type != datasets::ColumnType::Numeric;
        }))
        buildRowForm();
    clearAnswer();
    if (m_waiting)
        submit(*std::exchange(m_waiting, std::nullopt));
}

void TryItDialog::tryFile(const QString &file)
{
    m_inputLabel->setText(QFileInfo(file).fileName());
    submit(file);
}

void TryItDialog::tryValues(const QString &commaSeparated)
{
    std::vector<double> values;
    const QStringList cells = commaSeparated.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (int i = 0; i < cells.size(); ++i) {
        bool ok = false;
        const double value = cells[i].trimmed().toDouble(&ok);
        if (!ok) {
            m_error->setText(
                tr("Value %1, \"%2\", is not a number.").arg(i + 1).arg(cells[i].trimmed()));
            clearAnswer();
            return;
        }
        values.push_back(value);
    }
    m_inputLabel->setText(tr("Typed values"));
    submit(values);
}

void TryItDialog::tryRow(const QStringList &cells)
{
    std::vector<std::string> row;
    for (const QString &cell : cells)
        row.push_back(cell.trimmed().toStdString());
    m_inputLabel->setText(tr("Typed row"));
    submit(row);
}

void TryItDialog::buildRowForm()
{
    auto *form = new QFormLayout(m_rowForm);
    form->setContentsMargins(0, 0, 0, 0);
    for (const models::InputColumn &column : m_tryout->typedColumns()) {
        const QString name = QString::fromStdString(column.name);
        QWidget *field = nullptr;
        if (column.type == datasets::ColumnType::Categorical) {
            // Its known values; another typed in is an unseen category, as in a CSV row.
            auto *combo = new QComboBox;
            combo->setEditable(true);
            // As wide as the form, not as its longest value (the list shows them whole).
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(12);
            combo->addItem(QString());
            for (const std::string &category : column.categories)
                combo->addItem(QString::fromStdString(category));
            combo->lineEdit()->setPlaceholderText(tr("missing"));
            connect(combo->lineEdit(), &QLineEdit::returnPressed, m_predict, &QPushButton::click);
            field = combo;
        } else {
            auto *edit = new QLineEdit;
            edit->setPlaceholderText(
                column.type == datasets::ColumnType::Date   ? tr("YYYY-MM-DD, or missing")
                : column.type == datasets::ColumnType::Text ? tr("text: not used by the model")
                                                            : tr("a number, or missing"));
            edit->setEnabled(column.type != datasets::ColumnType::Text);
            connect(edit, &QLineEdit::returnPressed, m_predict, &QPushButton::click);
            field = edit;
        }
        field->setObjectName(QStringLiteral("tryItCell_") + name);
        form->addRow(name + QLatin1Char(':'), field);
        m_rowFields << field;
    }
    // The form replaces the comma-separated line: text cells would not survive it.
    m_values->hide();
    findChild<QLabel *>(QStringLiteral("tryItValuesLabel"))
        ->setText(tr("A row, a field per column (empty is missing):"));
    auto *scroll = findChild<QScrollArea *>(QStringLiteral("tryItRowScroll"));
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->show();
    // The fields name the columns; the long list above would only repeat them.
    m_expected->setText(tr("This model takes a row of %1 columns.").arg(m_rowFields.size()));
    resize(std::max(width(), 900), std::max(height(), 560));
}

QStringList TryItDialog::rowCells() const
{
    QStringList cells;
    for (QWidget *field : m_rowFields) {
        if (auto *combo = qobject_cast<QComboBox *>(field))
            cells << combo->currentText();
        else
            cells << static_cast<QLineEdit *>(field)->text();
    }
    return cells;
}

void TryItDialog::submit(Request request)
{
    m_busy->show();
    if (!m_tryout) {
        if (m_load.busy()) // asked once the model is in
            m_waiting = std::move(request);
        return; // else the model could not be loaded; the error is already shown
    }
    m_ask.read(catchingErrors([tryout = m_tryout, request] {
                   Answer answer;
                   if (const auto *file = std::get_if<QString>(&request)) {
                       answer.result = tryout->predictFile(file->toStdString());
                       if (!answer.result->pixels.empty()) {
                           const std::vector<int64_t> &shape = tryout->inputShape();
                           // Nearest-neighbour scaling keeps a 28x28 digit's pixels crisp.
                           answer.image =
                               sampleImage(answer.result->pixels.data(), int(shape.at(0)),
                                           int(shape.at(1)), int(shape.at(2)))
                                   .scaled(kImageSide - 8, kImageSide - 8, Qt::KeepAspectRatio,
                                           Qt::FastTransformation);
                       }
                   } else if (const auto *row = std::get_if<std::vector<std::string>>(&request)) {
                       answer.result = tryout->predictRow(*row);
                   } else {
                       answer.result =
                           tryout->predictValues(std::get<std::vector<double>>(request));
                   }
                   return answer;
               }),
               [this](Answer answer) { onAnswered(answer); });
}

void TryItDialog::onAnswered(const Answer &answer)
{
    if (answer.result) {
        m_error->clear();
        if (!answer.image.isNull())
            m_image->setPixmap(QPixmap::fromImage(answer.image));
        if (answer.result->value) {
            m_chart->setValue(QString::fromStdString(answer.result->target), *answer.result->value);
        } else {
            plots::ProbabilityChart::Probabilities probabilities;
            for (const exporting::ClassScore &score : answer.result->scores)
                probabilities.append({QString::fromStdString(score.label), score.probability});
            m_chart->setProbabilities(probabilities);
        }
    } else {
        m_error->setText(answer.error);
        clearAnswer();
    }
    if (!isBusy())
        m_busy->hide();
}

void TryItDialog::clearAnswer()
{
    plots::ProbabilityChart::Probabilities none;
    if (m_tryout)
        for (const std::string &name : m_tryout->classNames())
            none.append({QString::fromStdString(name), 0.0});
    m_chart->setProbabilities(none);
    if (m_takesImages) {
        m_image->setPixmap({});
        m_image->setText(tr("Drop an image here"));
    }
}

void TryItDialog::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void TryItDialog::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile()) {
        tryFile(urls.front().toLocalFile());
        event->acceptProposedAction();
    }
}

} // namespace dllab::ui
