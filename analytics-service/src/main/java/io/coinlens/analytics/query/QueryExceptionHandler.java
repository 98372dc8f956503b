package io.coinlens.analytics.query;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input and unknown symbols as problem+json. */
@RestControllerAdvice(basePackageClasses = QueryExceptionHandler.class)
class QueryExceptionHandler {

    @ExceptionHandler(QueryParameters.BadParameterException.class)
    ProblemDetail badParameter(QueryParameters.BadParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad query parameter");
        problem.setProperty("parameter", e.parameter);
        return problem;
    }

    @ExceptionHandler(QueryParameters.UnknownSymbolException.class)
    ProblemDetail unknownSymbol(QueryParameters.UnknownSymbolException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown symbol");
        return problem;
    }
}
