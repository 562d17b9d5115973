//! A writer's pictures apart from the Write form: `POST /media` uploads one (answering
//! JSON to the editor's script, or the "Your pictures" page without it), and
//! `GET /media/mine` lists every picture this person uploaded, so an earlier upload is
//! never lost, each with the description it was last given in their posts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

use super::signed_in;
use crate::cpu;
use crate::error::AppError;
use crate::media::{self, UploadError, UploadedImage};
use crate::posts::markdown;
use crate::store::OwnImage;
use crate::web::error_page::ForScript;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

/// Pictures listed at most; a class blog's student uploads far fewer.
const LISTED: i64 = 500;

/// One picture as the list shows it.
#[derive(Debug, Serialize)]
pub struct ListedPicture {
    url: String,
    /// The description the picture was last given in one of the writer's posts, or
    /// empty when it was never described: what Insert writes between the brackets.
    description: String,
    /// The file's name on the writer's computer, to tell undescribed pictures apart.
    file_name: String,
    thumbnail_url: String,
    /// The line to put in a post.
    markdown: String,
    #[serde(skip)]
    uploaded: String,
}

impl ListedPicture {
    fn new(
        image: OwnImage,
        descriptions: &mut HashMap<String, String>,
        signed_in: &SignedIn,
    ) -> ListedPicture {
        let uploaded = UploadedImage::for_id(image.id);
        let description = descriptions.remove(&uploaded.url).unwrap_or_default();
        let markdown = if description.is_empty() {
            uploaded.markdown
        } else {
            format!(
                "![{}]({})",
                description.replace(['[', ']'], ""),
                uploaded.url
            )
        };
        ListedPicture {
            url: uploaded.url,
            description,
            file_name: image.original_name,
            thumbnail_url: uploaded.small_url,
            markdown,
            uploaded: signed_in.viewer.zone().date_and_time(image.created_at),
        }
    }
}

#[derive(Template)]
#[template(path = "pictures.html")]
struct PicturesPage {
    layout: Layout,
    pictures: Vec<ListedPicture>,
    errors: FieldErrors,
    just_uploaded: Option<String>,
}

/// `?format=json` and `?uploaded={id}`.
#[derive(Debug, Deserialize)]
pub struct PicturesQuery {
    format: Option<String>,
    uploaded: Option<String>,
}

/// `GET /media/mine`: "Your pictures", as a page or (`?format=json`) for the editor.
pub async fn list_pictures(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<PicturesQuery>,
) -> Result<Response, AppError> {
    let pictures = own_pictures(&state, &signed_in).await?;
    if query.format.as_deref() == Some("json") {
        return Ok(Json(pictures).into_response());
    }
    let just_uploaded = query
        .uploaded
        .filter(|id| media::is_image_id(id))
        .map(|id| UploadedImage::for_id(id).markdown);
    render(&PicturesPage {
        layout: signed_in.viewer.layout("Your pictures"),
        pictures,
        errors: FieldErrors::new(),
        just_uploaded,
    })
}

async fn own_pictures(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<Vec<ListedPicture>, AppError> {
    let images = state.store.images_of(signed_in.user.id, LISTED).await?;
    let posts = state
        .store
        .posts_of_author_for_editing(signed_in.user.id)
        .await?;
    let mut descriptions =
        cpu::run(move || markdown::last_descriptions(posts.iter().map(|post| post.body.as_str())))
            .await?;
    Ok(images
        .into_iter()
        .map(|image| ListedPicture::new(image, &mut descriptions, signed_in))
        .collect())
}

/// `POST /media`: one picture (field `image`). With `Accept: application/json` the answer
/// is `{"url", "markdown", "id"}` or `{"error"}`; without, the "Your pictures" page.
pub async fn upload_picture(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, AppError> {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let Some(signed_in) = signed_in(viewer) else {
        if wants_json {
            let error = "You are signed out. Sign in again, then add the picture.".to_owned();
            return Ok(script_refusal(StatusCode::UNAUTHORIZED, error));
        }
        return Err(AppError::SignInRequired {
            next: "/media/mine".to_owned(),
        });
    };
    let signed_in = &signed_in;
    let uploaded = match read_picture(request, &state).await? {
        Ok((name, bytes)) => {
            media::store_upload(&state.store, signed_in.user.id, &name, bytes).await
        }
        Err(message) => return refuse(&state, signed_in, wants_json, message).await,
    };
    match uploaded {
        Ok(image) if wants_json => Ok(Json(serde_json_like(&image)).into_response()),
        Ok(image) => {
            Ok(Redirect::to(&format!("/media/mine?uploaded={}", image.id)).into_response())
        }
        Err(UploadError::Image(problem)) => {
            let message = match problem {
                media::ImageError::TooLarge => media::too_large_message(None),
                other => other.message().to_owned(),
            };
            refuse(&state, signed_in, wants_json, message).await
        }
        Err(UploadError::Database(error)) => Err(error.into()),
    }
}

/// The answer to the editor: what it inserts at the cursor.
#[derive(Debug, Serialize)]
struct UploadAnswer<'a> {
    url: &'a str,
    markdown: &'a str,
    id: &'a str,
}

fn serde_json_like(image: &UploadedImage) -> UploadAnswer<'_> {
    UploadAnswer {
        url: &image.url,
        markdown: &image.markdown,
        id: &image.id,
    }
}

/// The file from the form, or the sentence that says why there is none to process.
async fn read_picture(
    request: Request,
    state: &AppState,
) -> Result<Result<(String, Vec<u8>), String>, AppError> {
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| AppError::BadRequest("The form could not be read."))?;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(Err("Choose a picture first.".to_owned())),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Err(media::too_large_message(length)));
            }
            Err(_) => return Err(AppError::BadRequest("The form could not be read.")),
        };
        if field.name() != Some("image") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        return Ok(match field.bytes().await {
            Ok(bytes) if bytes.is_empty() => Err("Choose a picture first.".to_owned()),
            Ok(bytes) if bytes.len() > media::MAX_UPLOAD_BYTES => {
                Err(media::too_large_message(u64::try_from(bytes.len()).ok()))
            }
            Ok(bytes) => Ok((name, bytes.to_vec())),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(media::too_large_message(length))
            }
            Err(_) => return Err(AppError::BadRequest("The form could not be read.")),
        });
    }
}

#[derive(Debug, Serialize)]
struct Refusal {
    error: String,
}

async fn refuse(
    state: &AppState,
    signed_in: &SignedIn,
    wants_json: bool,
    message: String,
) -> Result<Response, AppError> {
    if wants_json {
        return Ok(script_refusal(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    let mut errors = FieldErrors::new();
    errors.add("image", message);
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &PicturesPage {
            layout: signed_in.viewer.layout("Your pictures"),
            pictures: own_pictures(state, signed_in).await?,
            errors,
            just_uploaded: None,
        },
    )
}

fn script_refusal(status: StatusCode, error: String) -> Response {
    (status, Extension(ForScript), Json(Refusal { error })).into_response()
}
